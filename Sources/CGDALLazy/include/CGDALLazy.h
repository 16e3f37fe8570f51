#ifndef STDCHECK_CGDALLAZY_H
#define STDCHECK_CGDALLAZY_H

// libgdal's functions the GDAL reader calls, loaded with dlopen on first use: the stdcheck executable
// does not link libgdal (and the ~70 libraries it pulls in) at start-up, and runs where it is absent;
// a GDAL member then gets a finding naming why it could not be read.
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#define STDCHECK_GDAL_FUNCTIONS(X) \
    X(CPLErrorReset) \
    X(CPLGetLastErrorMsg) \
    X(CPLGetLastErrorType) \
    X(CPLPopErrorHandler) \
    X(CPLPushErrorHandler) \
    X(CPLQuietErrorHandler) \
    X(CPLSetConfigOption) \
    X(GDALAllRegister) \
    X(GDALClose) \
    X(GDALDatasetGetLayer) \
    X(GDALDatasetGetLayerCount) \
    X(GDALDeregisterDriver) \
    X(GDALGetDriver) \
    X(GDALGetDriverByName) \
    X(GDALGetDriverCount) \
    X(GDALGetDriverShortName) \
    X(GDALOpenEx) \
    X(OGRGeometryTypeToName) \
    X(OGR_FD_GetFieldCount) \
    X(OGR_FD_GetFieldDefn) \
    X(OGR_F_Destroy) \
    X(OGR_F_GetFID) \
    X(OGR_F_GetFieldAsDateTimeEx) \
    X(OGR_F_GetFieldAsString) \
    X(OGR_F_GetFieldDefnRef) \
    X(OGR_F_GetGeometryRef) \
    X(OGR_F_IsFieldSetAndNotNull) \
    X(OGR_Fld_GetNameRef) \
    X(OGR_Fld_GetPrecision) \
    X(OGR_Fld_GetSubType) \
    X(OGR_Fld_GetType) \
    X(OGR_Fld_GetWidth) \
    X(OGR_GT_Flatten) \
    X(OGR_GT_HasZ) \
    X(OGR_G_DestroyGeometry) \
    X(OGR_G_GetGeometryCount) \
    X(OGR_G_GetGeometryRef) \
    X(OGR_G_GetGeometryType) \
    X(OGR_G_GetLinearGeometry) \
    X(OGR_G_GetPointCount) \
    X(OGR_G_GetX) \
    X(OGR_G_GetY) \
    X(OGR_G_GetZ) \
    X(OGR_G_HasCurveGeometry) \
    X(OGR_G_Is3D) \
    X(OGR_G_IsEmpty) \
    X(OGR_GetFieldTypeName) \
    X(OGR_L_GetFeature) \
    X(OGR_L_GetFeatureCount) \
    X(OGR_L_GetGeomType) \
    X(OGR_L_GetLayerDefn) \
    X(OGR_L_GetName) \
    X(OGR_L_GetNextFeature) \
    X(OGR_L_GetSpatialRef) \
    X(OGR_L_ResetReading) \
    X(OGR_L_SetIgnoredFields) \
    X(OSRExportToWkt) \
    X(VSIFree) \

/// One pointer per function, named as the function.
struct stdcheck_gdal_api {
#define STDCHECK_GDAL_FIELD(name) __typeof__(&name) name;
    STDCHECK_GDAL_FUNCTIONS(STDCHECK_GDAL_FIELD)
#undef STDCHECK_GDAL_FIELD
};

/// Loads libgdal once (thread-safe) and returns its functions; NULL, with the reason in `*why`, when
/// the library or one of the functions is missing.
const struct stdcheck_gdal_api *stdcheck_gdal_load(const char **why);

#endif
