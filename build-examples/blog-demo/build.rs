// Which server databases the demo's tests run on: the runtime's own rule, shared.
include!("../../runtime/build.rs");
