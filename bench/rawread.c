/* The "raw read" of `make bench`: the floor under any attribute check.
 *
 *     rawread TABLE.dbf:FIELD,FIELD,... [TABLE.dbf:FIELD,...]
 *
 * Maps each DBF and, for every record, decodes the named fields: a character field is trimmed of its
 * padding and its bytes are hashed (no text decoding), a numeric field is parsed with strtod. One
 * thread, no checks, no report. Prints the records read and a checksum, so that nothing is optimized
 * away. Built by bench/run.py with the system C compiler; not part of StdCheck.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    int offset, width;
    char type;
} Field;

static int read_table(const char *path, char *names, uint64_t *checksum, long *records) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) { perror(path); return 1; }
    struct stat st;
    fstat(fd, &st);
    const unsigned char *dbf = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (dbf == MAP_FAILED || st.st_size < 32) { fprintf(stderr, "%s: cannot map\n", path); return 1; }
    uint32_t count = dbf[4] | dbf[5] << 8 | dbf[6] << 16 | (uint32_t)dbf[7] << 24;
    int header = dbf[8] | dbf[9] << 8, length = dbf[10] | dbf[11] << 8;
    Field wanted[64];
    int nwanted = 0;
    for (char *name = strtok(names, ","); name; name = strtok(NULL, ",")) {
        int offset = 1;
        for (int at = 32; at + 32 <= header && dbf[at] != 0x0D; at += 32) {
            if (strncmp((const char *)dbf + at, name, 11) == 0 && nwanted < 64)
                wanted[nwanted++] = (Field){offset, dbf[at + 16], (char)dbf[at + 11]};
            offset += dbf[at + 16];
        }
    }
    char number[256];
    for (uint32_t r = 0; r < count && header + (long)(r + 1) * length <= st.st_size; r++) {
        const unsigned char *record = dbf + header + (long)r * length;
        for (int f = 0; f < nwanted; f++) {
            const unsigned char *value = record + wanted[f].offset;
            int start = 0, end = wanted[f].width;
            while (start < end && (value[start] == ' ' || value[start] == 0)) start++;
            while (end > start && (value[end - 1] == ' ' || value[end - 1] == 0)) end--;
            if (wanted[f].type == 'N' || wanted[f].type == 'F') {
                int n = end - start < 255 ? end - start : 255;
                memcpy(number, value + start, (size_t)n);
                number[n] = 0;
                double parsed = strtod(number, NULL);
                uint64_t bits;
                memcpy(&bits, &parsed, sizeof bits);
                *checksum = *checksum * 31 + bits;
            } else {
                for (int k = start; k < end; k++) *checksum = *checksum * 31 + value[k];
            }
        }
        (*records)++;
    }
    munmap((void *)dbf, (size_t)st.st_size);
    close(fd);
    return 0;
}

int main(int argc, char **argv) {
    uint64_t checksum = 0;
    long records = 0;
    for (int i = 1; i < argc; i++) {
        char *colon = strrchr(argv[i], ':');
        if (!colon) { fprintf(stderr, "usage: rawread TABLE.dbf:FIELD,FIELD,...\n"); return 2; }
        *colon = 0;
        if (read_table(argv[i], colon + 1, &checksum, &records)) return 1;
    }
    printf("%ld records, checksum %016llx\n", records, (unsigned long long)checksum);
    return 0;
}
