# The layers of docs/DESIGN.md's architecture table, enforced by the build:
# each component's sources see only an include root of their own,
# build/layers/<component>, which holds links to the folders of src/ it may
# use (itself, core, the components it names, and what their headers
# include in turn). An include of any other component's header does not
# compile. scripts/check-layers, run by the build too, also catches an
# include of a component that is only reachable through another's headers.
#
#   lmz_component(TARGET COMPONENT [USES component...])

function(lmz_component target component)
  cmake_parse_arguments(L "" "" "USES" ${ARGN})
  set(visible ${component} core)
  foreach(dep IN LISTS L_USES)
    get_property(seen GLOBAL PROPERTY LMZ_LAYER_${dep})
    if(NOT DEFINED seen OR seen STREQUAL "")
      message(FATAL_ERROR "lmz_component(${component}): ${dep} is not defined before it")
    endif()
    list(APPEND visible ${seen})
  endforeach()
  list(REMOVE_DUPLICATES visible)
  set_property(GLOBAL PROPERTY LMZ_LAYER_${component} "${visible}")

  set(root ${CMAKE_BINARY_DIR}/layers/${component})
  file(REMOVE_RECURSE ${root})
  file(MAKE_DIRECTORY ${root})
  foreach(part IN LISTS visible)
    if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/src/${part})
      file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${part} ${root}/${part} SYMBOLIC)
    endif()
  endforeach()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE ${PROJECT_SOURCE_DIR}/include)
  else()
    target_include_directories(${target} PRIVATE ${root} PUBLIC ${PROJECT_SOURCE_DIR}/include)
    add_dependencies(${target} lmz_check_layers)
  endif()
endfunction()
