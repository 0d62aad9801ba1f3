# Warnings for our own code only (never for the system headers of our dependencies).
add_library(emready_warnings INTERFACE)
target_compile_options(emready_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference)
if(EMREADY_WERROR)
  target_compile_options(emready_warnings INTERFACE -Werror)
endif()
