// SPDX-License-Identifier: GPL-2.0
/* metrics: being written (issue 18). */
#include "metrics.h"
