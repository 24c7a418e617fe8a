/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_PERFETTO_H
#define LRUGEN_PERFETTO_H

#endif
