/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_REPORT_H
#define LRUGEN_REPORT_H

#endif
