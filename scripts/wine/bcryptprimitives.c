/*
 * bcryptprimitives.dll for Wine 8, which lacks it: Go 1.24+ programs for
 * windows/amd64 fill their random seed with ProcessPrng from this DLL at
 * start and abort when it cannot be loaded ("bcryptprimitives.dll not
 * found"). This one function is all the Go runtime imports from it, and
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has, does the
 * same job. Test-only: scripts/test-windows.sh copies it into the private
 * Wine prefix the Windows tests run in; Hum never ships it.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* ProcessPrng always succeeds on Windows (it never returns FALSE); fill in
 * chunks because RtlGenRandom takes a ULONG length and SIZE_T is wider. */
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
