# ASan + UBSan for everything we build (the CI preset turns this on).
if(EMREADY_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

# The libFuzzer build (the `fuzz` preset, clang): every library instrumented for coverage
# and checked by ASan + UBSan; tests/fuzz links each target with libFuzzer's main.
option(EMREADY_FUZZ "Build the fuzz targets with libFuzzer (clang)" OFF)
if(EMREADY_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
