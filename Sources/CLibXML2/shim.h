/* libxml2 for Swift: see /work/shared/notes/swift-c-libraries.md. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED /* avoid the clash with Foundation's own ICU (_FoundationICU) */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/entities.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/catalog.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

/* Swift 6 rejects the xmlFree global (a mutable C function pointer); call it through here. */
static inline void stdcheck_xmlFree(void *ptr) { xmlFree(ptr); }
