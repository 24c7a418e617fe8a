// SPDX-License-Identifier: GPL-2.0
/*
 * lrugen autoreclaim's decisions (autoreclaim.h).
 */
#include "autoreclaim.h"
