#pragma once
// The lab's name for the shared owned descriptor (handle/handles.hpp).

#include "emready/handle/handles.hpp"

namespace emready::lab::net {

using Fd = handle::Fd;

} // namespace emready::lab::net
