/* Prints the CPUID leaves that CPU dispatchers read (vendor, features, cache sizes): compare native and emulated. */
#include <cpuid.h>
#include <stdio.h>
#include <string.h>
int main(void) {
    unsigned a, b, c, d; char v[13] = {0};
    __cpuid(0, a, b, c, d); memcpy(v, &b, 4); memcpy(v + 4, &d, 4); memcpy(v + 8, &c, 4);
    printf("vendor %s max leaf %u\n", v, a);
    __cpuid(1, a, b, c, d); printf("leaf1 eax %08x ebx %08x ecx %08x edx %08x\n", a, b, c, d);
    __cpuid_count(7, 0, a, b, c, d); printf("leaf7 ebx %08x ecx %08x edx %08x\n", b, c, d);
    for (int i = 0; i < 5; i++) {
        __cpuid_count(4, i, a, b, c, d);
        if ((a & 31) == 0) break;
        unsigned size = ((b >> 22) + 1) * (((b >> 12) & 0x3ff) + 1) * ((b & 0xfff) + 1) * (c + 1);
        printf("cache L%u type %u size %u KiB shared by %u\n", (a >> 5) & 7, a & 31, size / 1024, ((a >> 14) & 0xfff) + 1);
    }
    __cpuid(0x80000006, a, b, c, d); printf("ext L2 %u KiB\n", c >> 16);
    __cpuid_count(0xd, 0, a, b, c, d); printf("xsave size %u\n", b);
    return 0;
}
