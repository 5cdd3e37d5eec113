/* A stand-in for Windows' bcryptprimitives.dll under Wine 8, for the tests
 * only (real Windows has the DLL). Rust's standard library asks it for
 * randomness (ProcessPrng, Windows 10 and later), which Wine 8 lacks; this
 * gives the bytes from advapi32's RtlGenRandom (SystemFunction036), which
 * Wine has. Built with mingw-w64 by scripts/windows. */
#include <windows.h>

typedef BOOLEAN(WINAPI *GenRandom)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    static GenRandom gen;
    if (!gen) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        gen = advapi ? (GenRandom)GetProcAddress(advapi, "SystemFunction036") : NULL;
        if (!gen) return FALSE;
    }
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!gen(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
