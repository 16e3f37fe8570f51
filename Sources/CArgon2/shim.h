// Debian's libargon2 (the reference implementation), for argon2id password hashes.
#include <argon2.h>
