/* The CPU's speed right now, as the rate of a chain of dependent adds (one
 * a cycle): on a shared VM it moves by tens of percent within minutes, and
 * every figure the benches print moves with it. Prints "2.91 GHz". */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

int main(void)
{
    struct timespec a, b;
    unsigned long x = 1;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (unsigned long i = 0; i < 300000000UL; i++) {
#if defined(__x86_64__) || defined(__i386__)
        __asm__ volatile("add $1, %0" : "+r"(x));
#else
        x++;                                    /* roughly one a cycle */
        __asm__ volatile("" : "+r"(x));
#endif
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%.2f GHz\n", 0.3 / s);
    return x == 0;
}
