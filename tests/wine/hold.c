/* hold.exe FILE SECONDS: opens FILE without sharing, as Excel holds an open
 * workbook, says "held" on standard output, and keeps it open for SECONDS
 * (or until killed). hold.exe FILE SECONDS lock: takes the lock a run of
 * tertial takes on FILE (LockFileEx, exclusive, the whole file) and writes
 * its process id into it, as a run does. For the tests under Wine
 * (tests/windows.rs, tests/nightly.rs). */
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    int lock = argc == 4 && wcscmp(argv[3], L"lock") == 0;
    if (argc != 3 && !lock) {
        fputs("usage: hold FILE SECONDS [lock]\n", stderr);
        return 2;
    }
    HANDLE h = CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE,
                           lock ? FILE_SHARE_READ | FILE_SHARE_WRITE : 0, NULL,
                           lock ? OPEN_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE) {
        fprintf(stderr, "cannot open: error %lu\n", GetLastError());
        return 1;
    }
    if (lock) {
        OVERLAPPED at = {0};
        if (!LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD, MAXDWORD,
                        &at)) {
            fprintf(stderr, "cannot lock: error %lu\n", GetLastError());
            return 1;
        }
        char text[32];
        DWORD n = (DWORD)snprintf(text, sizeof text, "pid %lu", GetCurrentProcessId());
        SetEndOfFile(h);
        WriteFile(h, text, n, &n, NULL);
    }
    puts("held");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]) * 1000);
    CloseHandle(h);
    return 0;
}
