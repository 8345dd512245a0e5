/**
 * The benchmarks of a modular project: this module requires commitbench by its module name, and its tests
 * run inside it, on the module path.
 */
module dev.commitbench.examples.modular {
    requires dev.commitbench;

    exports dev.commitbench.examples.modular;
}
