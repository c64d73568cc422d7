/**
 * @neurite/runtime — see ../../shared/design/ARCHITECTURE.md. Work on this package is tracked in the issues
 * (codegen: #3, runtime: #4); until then it exports nothing.
 */
export {};
