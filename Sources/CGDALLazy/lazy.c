#include "CGDALLazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static struct stdcheck_gdal_api api;
static const struct stdcheck_gdal_api *loaded;
static char reason[512];
static pthread_once_t once = PTHREAD_ONCE_INIT;

// The sonames Debian's libgdal has had; the unversioned name (libgdal-dev) last.
static const char *const names[] = {"libgdal.so.32", "libgdal.so.33", "libgdal.so.34", "libgdal.so.35",
                                    "libgdal.so.36", "libgdal.so.31", "libgdal.so.30", "libgdal.so"};

static void load(void) {
    void *handle = NULL;
    // STDCHECK_GDAL_LIBRARY names another build of libgdal (and lets a test take it away)
    const char *chosen = getenv("STDCHECK_GDAL_LIBRARY");
    if (chosen != NULL && chosen[0] != '\0') {
        handle = dlopen(chosen, RTLD_NOW | RTLD_LOCAL);
    } else {
        for (size_t i = 0; i < sizeof names / sizeof names[0] && handle == NULL; i++) {
            handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        }
    }
    if (handle == NULL) {
        const char *error = dlerror();
        snprintf(reason, sizeof reason, "libgdal cannot be loaded (%s); install libgdal32 or gdal-bin",
                 error ? error : "not found");
        return;
    }
#define STDCHECK_GDAL_LOAD(name)                                                              \
    api.name = (__typeof__(api.name))dlsym(handle, #name);                                    \
    if (api.name == NULL) {                                                                   \
        snprintf(reason, sizeof reason, "the libgdal found has no function %s", #name);       \
        return;                                                                               \
    }
    STDCHECK_GDAL_FUNCTIONS(STDCHECK_GDAL_LOAD)
#undef STDCHECK_GDAL_LOAD
    loaded = &api;
}

const struct stdcheck_gdal_api *stdcheck_gdal_load(const char **why) {
    pthread_once(&once, load);
    if (loaded == NULL && why != NULL) *why = reason;
    return loaded;
}
