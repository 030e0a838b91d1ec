# Packaging: the generated version header, install rules, the CMake package (find_package(wordvec))
# and the pkg-config file. Included from the top-level CMakeLists.txt after wordvec_lib is defined.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Eigen picks its allocation alignment from the instruction set it is compiled for (16 bytes for
# SSE2, 32 for AVX, 64 for AVX-512), and a matrix allocated with one setting cannot be freed with
# another. The library is tuned with -march=native, its consumers usually are not, and Eigen
# objects cross the API by value, so both sides must agree: the widest setting, for everybody.
if(WORDVEC_NATIVE)
  target_compile_definitions(wordvec_lib PUBLIC EIGEN_MAX_ALIGN_BYTES=64)
  set(WORDVEC_PC_DEFINES "-DEIGEN_MAX_ALIGN_BYTES=64")
else()
  set(WORDVEC_PC_DEFINES "")
endif()

# wordvec/version.hpp: the version of project(), for the tool's --version and for consumers.
set(WORDVEC_GENERATED_INCLUDE ${CMAKE_CURRENT_BINARY_DIR}/generated/include)
configure_file(${CMAKE_CURRENT_LIST_DIR}/version.hpp.in ${WORDVEC_GENERATED_INCLUDE}/wordvec/version.hpp @ONLY)
target_include_directories(wordvec_lib PUBLIC
  $<BUILD_INTERFACE:${WORDVEC_GENERATED_INCLUDE}>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)

install(TARGETS wordvec_lib EXPORT wordvecTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/wordvec ${WORDVEC_GENERATED_INCLUDE}/wordvec
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.hpp"
  PATTERN "mpi_cluster.hpp" EXCLUDE)  # its implementation is the tool's, not the library's

set(WORDVEC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/wordvec)
install(EXPORT wordvecTargets NAMESPACE wordvec:: DESTINATION ${WORDVEC_CMAKE_DIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/wordvecConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/wordvecConfig.cmake INSTALL_DESTINATION ${WORDVEC_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/wordvecConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)  # 0.x: a new minor version may break the API
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wordvecConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/wordvecConfigVersion.cmake
  DESTINATION ${WORDVEC_CMAKE_DIR})

# wordvec.pc finds its prefix relative to itself, so `cmake --install --prefix P` anywhere works.
file(RELATIVE_PATH WORDVEC_PC_TO_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" WORDVEC_PC_TO_PREFIX "${WORDVEC_PC_TO_PREFIX}")
set(WORDVEC_PC_PREFIX "\${pcfiledir}/${WORDVEC_PC_TO_PREFIX}")
configure_file(${CMAKE_CURRENT_LIST_DIR}/wordvec.pc.in ${CMAKE_CURRENT_BINARY_DIR}/wordvec.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wordvec.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
