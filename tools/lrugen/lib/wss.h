/* SPDX-License-Identifier: GPL-2.0 */
#ifndef LRUGEN_WSS_H
#define LRUGEN_WSS_H
#endif
