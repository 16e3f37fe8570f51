// OpenSSL's libcrypto, for SHA-256 only: its EVP digests use the CPU's SHA extensions where present.
#include <openssl/evp.h>
