// SPDX-License-Identifier: GPL-2.0
/* wss: being written (issue 18). */
#include "wss.h"
