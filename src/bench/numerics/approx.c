/* Approximate SSE instructions (rcpps, rsqrtps) and MXCSR FTZ/DAZ, native vs an emulator.
 * Build: gcc -O1 -msse2 -o approx approx.c -lm   Run: ./approx ; qemu-x86_64 -cpu Haswell-v4 ./approx */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <xmmintrin.h>
#include <pmmintrin.h>

static uint32_t bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

int main(void) {
    const float in[4] = {2.0f, 3.0f, 0.1f, 12345.678f};
    float rcp[4], rsq[4], sq[4];
    _mm_storeu_ps(rcp, _mm_rcp_ps(_mm_loadu_ps(in)));
    _mm_storeu_ps(rsq, _mm_rsqrt_ps(_mm_loadu_ps(in)));
    _mm_storeu_ps(sq, _mm_sqrt_ps(_mm_loadu_ps(in)));
    for (int i = 0; i < 4; i++) {
        printf("x=%-10g rcpps=%08x (exact 1/x %08x)  rsqrtps=%08x (exact 1/sqrt(x) %08x)  sqrtps=%08x\n",
               in[i], bits(rcp[i]), bits(1.0f / in[i]), bits(rsq[i]), bits((float) (1.0 / __builtin_sqrt(in[i]))), bits(sq[i]));
    }
    /* A Newton step as vector-math libraries do: y = r * (1.5 - 0.5 * x * r * r) */
    __m128 x = _mm_loadu_ps(in), r = _mm_rsqrt_ps(x);
    __m128 y = _mm_mul_ps(r, _mm_sub_ps(_mm_set1_ps(1.5f), _mm_mul_ps(_mm_mul_ps(_mm_set1_ps(0.5f), x), _mm_mul_ps(r, r))));
    float nr[4]; _mm_storeu_ps(nr, y);
    printf("rsqrt+1 Newton: %08x %08x %08x %08x\n", bits(nr[0]), bits(nr[1]), bits(nr[2]), bits(nr[3]));
    /* Denormals: a tiny product with default MXCSR, then with FTZ and DAZ set. */
    volatile float tiny = 1e-20f, t2 = 1e-20f, den = 1e-40f, two = 2.0f;
    printf("mxcsr default %08x: 1e-20*1e-20=%08x den*2=%08x\n", _mm_getcsr(), bits(tiny * t2), bits(den * two));
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
    printf("mxcsr FTZ+DAZ %08x: 1e-20*1e-20=%08x den*2=%08x\n", _mm_getcsr(), bits(tiny * t2), bits(den * two));
    return 0;
}
