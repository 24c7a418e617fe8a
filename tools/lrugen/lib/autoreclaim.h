/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lrugen autoreclaim's decisions: pure computation, testable without a
 * kernel. src/cmd-autoreclaim.c collects the inputs and carries them out.
 */
#ifndef LRUGEN_AUTORECLAIM_H
#define LRUGEN_AUTORECLAIM_H

#endif
