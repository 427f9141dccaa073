/* MKL's vector sqrt (what torch.sqrt calls on CPU) from the libtorch_cpu.so that DJL extracts:
 * counts results that are not correctly rounded and prints a hash of all results.
 * Build: gcc -O1 -o mklsqrt mklsqrt.c -ldl -lm
 * Run:   LD_LIBRARY_PATH=$HOME/.djl.ai/pytorch/<version> MKL_CBWR=COMPATIBLE ./mklsqrt  (and under qemu-x86_64 -cpu ...) */
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define N 100000
static float in[N], out[N];

int main(void) {
    void *lib = dlopen("libtorch_cpu.so", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { fprintf(stderr, "%s\n", dlerror()); return 1; }
    void (*vmsSqrt)(int, const float *, float *, long long) = (void (*)(int, const float *, float *, long long)) dlsym(lib, "vmsSqrt");
    uint32_t s = 12345;
    for (int i = 0; i < N; i++) { s = s * 1664525u + 1013904223u; uint32_t u = 0x30000000u + (s >> 4); memcpy(&in[i], &u, 4); }
    /* PyTorch's mode: VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE */
    vmsSqrt(N, in, out, 0x2 | 0x140000 | 0x100);
    int wrong = 0; uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < N; i++) {
        float exact = sqrtf(in[i]);
        if (memcmp(&exact, &out[i], 4) != 0) wrong++;
        uint32_t u; memcpy(&u, &out[i], 4); h = (h ^ u) * 1099511628211ull;
    }
    printf("vmsSqrt: %d of %d not correctly rounded, hash %016llx\n", wrong, N, (unsigned long long) h);
    return 0;
}
