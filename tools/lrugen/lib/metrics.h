/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_METRICS_H
#define LRUGEN_METRICS_H
#endif
