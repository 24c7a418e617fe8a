// SPDX-License-Identifier: GPL-2.0
/*
 * fio-shm.c: System V shared memory for fio on a kernel without it.
 *
 * fio keeps its jobs' state in a System V shared memory segment, made
 * with shmget() and shmat() before it forks the jobs, and fails at once
 * ("failed to setup shm segment") where shmget() returns ENOSYS: our guest
 * kernels are built from tinyconfig, without CONFIG_SYSVIPC. Preloaded
 * (LD_PRELOAD), this library gives fio what it uses of that interface on
 * top of shared anonymous memory, which its forked jobs inherit just as
 * they would inherit an attached segment:
 *
 *   shmget(IPC_PRIVATE, size, IPC_CREAT | mode)  a new shared mapping
 *   shmat(id, NULL, 0)                            that mapping
 *   shmdt(addr)                                   nothing (kept until exit)
 *   shmctl(id, IPC_RMID, buf)                     forgets the id
 *
 * Anything else fails with EINVAL. The plug-in builds and preloads it only
 * when the kernel has no System V IPC (/proc/sys/kernel/shmmax missing).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define MAX_SEGS 64

static struct {
	void *addr;
	size_t size;
} segs[MAX_SEGS];

int shmget(key_t key, size_t size, int flags)
{
	void *addr;
	int id;

	if (key != IPC_PRIVATE || !(flags & IPC_CREAT) || !size) {
		errno = EINVAL;
		return -1;
	}
	for (id = 0; id < MAX_SEGS && segs[id].addr; id++)
		;
	if (id == MAX_SEGS) {
		errno = ENOSPC;
		return -1;
	}
	addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED)
		return -1;
	segs[id].addr = addr;
	segs[id].size = size;
	return id;
}

void *shmat(int id, const void *addr, int flags)
{
	if (id < 0 || id >= MAX_SEGS || !segs[id].addr || addr || flags) {
		errno = EINVAL;
		return (void *)-1;
	}
	return segs[id].addr;
}

int shmdt(const void *addr)
{
	(void)addr;
	return 0;
}

int shmctl(int id, int cmd, struct shmid_ds *buf)
{
	(void)buf;
	if (id < 0 || id >= MAX_SEGS || !segs[id].addr || cmd != IPC_RMID) {
		errno = EINVAL;
		return -1;
	}
	/* the mapping stays: whoever attached it keeps using it until exit */
	segs[id].addr = NULL;
	return 0;
}
