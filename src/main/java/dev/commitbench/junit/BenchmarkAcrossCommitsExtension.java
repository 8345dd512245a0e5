package dev.commitbench.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import dev.commitbench.BenchmarkAcrossCommits;
import dev.commitbench.CombinedReport;
import dev.commitbench.Sweep;
import dev.commitbench.scale.Device;
import dev.commitbench.scale.DeviceDiscovery;
import dev.commitbench.scale.DeviceException;
import dev.commitbench.scale.DeviceList;
import dev.commitbench.scale.Discovery;
import dev.commitbench.scale.SlurmExecutor;
import dev.commitbench.session.BenchmarkPlan;
import dev.commitbench.session.DeviceRun;
import dev.commitbench.session.BenchmarkSession;
import dev.commitbench.session.ConsoleProgress;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.Charset;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * {@code BenchmarkAcrossCommitsExtension} is used by {@link BenchmarkAcrossCommits} and {@link Sweep}: it
 * checks the configuration, starts one benchmark session per method (resolving the commits), provides one
 * invocation per sweep point (lazily), and resolves a {@link CombinedReport} parameter of a static
 * {@code @AfterAll} method with everything the class measured.
 *
 * <p>Stores: the launcher session's store holds the test run ({@link BenchmarkRun}: the run folder and the
 * run-level files, written by {@link BenchmarkRunListener}), or the root store where no launcher session
 * listener runs, the class store the class's reports ({@link ClassResults}), the template method's store the
 * method's session ({@link MethodRun}), the invocation's store nothing (its context holds the point).
 *
 * <p>Do not use directly: this class is public only so that the annotations can name it.
 */
@API(status = INTERNAL, since = "0.1")
public final class BenchmarkAcrossCommitsExtension
        implements TestTemplateInvocationContextProvider, ParameterResolver, BeforeAllCallback, BeforeEachCallback {

    static final Namespace NAMESPACE = Namespace.create(BenchmarkAcrossCommitsExtension.class);
    /** The class store's key that says this extension is registered for the whole class (its beforeAll ran). */
    private static final String CLASS_SCOPED = "classScoped";

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> AnnotationSupport.isAnnotated(m, BenchmarkAcrossCommits.class))
                .orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        checkClass(context.getRequiredTestClass());
        checkAfterAllCanBeResolved(context);
        Method method = context.getRequiredTestMethod();
        BenchmarkSettings settings = new BenchmarkSettings(context);
        BenchmarkPlan methodPlan = settings.plan();
        DeviceList deviceList = settings.devices();
        Optional<BenchmarkSettings.SlurmSettings> slurm = settings.slurm();
        String pattern = settings.displayNamePattern();
        if (settings.bisect()) {
            if (!deviceList.isDefault() || slurm.isPresent()) {
                throw settings.misuseOf("bisects (bisect = true), which runs on this machine's default device:"
                        + " 'devices' (" + BenchmarkSettings.DEVICES_PROPERTY_NAME + ") and "
                        + BenchmarkSettings.EXECUTOR_PROPERTY_NAME + "=slurm do not apply to it; leave them out for"
                        + " this method.");
            }
            return BisectMethod.provide(context, settings, methodPlan, pattern, BenchmarkRun.of(context),
                    methodFolder(context.getRequiredTestClass(), method));
        }
        List<Device> devices = slurm.isPresent() || deviceList.isDefault() ? List.of() : selectDevices(settings,
                deviceList);
        if (slurm.isPresent()) {
            new SlurmExecutor().checkClient(); // before the run folder is made
        }

        BenchmarkRun run = BenchmarkRun.of(context);
        ClassResults classResults = ClassResults.of(context.getParent().orElseThrow());
        String folder = methodFolder(context.getRequiredTestClass(), method);
        MethodRun methodRun = new MethodRun(BenchmarkSettings.describe(method), folder, methodPlan.points().size(), run,
                classResults);
        context.getStore(NAMESPACE).put(MethodRun.class, methodRun);

        BenchmarkPlan plan = methodPlan.toBuilder()
                .outputDir(run.folder().resolve(folder))
                .ensureEmpty(false)
                .build();
        ConsoleProgress progress = new ConsoleProgress(new PrintWriter(System.out, true, Charset.defaultCharset()),
                "commitbench: ", false);
        if (slurm.isPresent()) {
            try {
                methodRun.startOnSlurm(plan, SlurmPoints.start(plan, slurm.get(), deviceList, System.out));
            } catch (IllegalArgumentException e) {
                throw settings.misuseOf("cannot run as Slurm shards (" + BenchmarkSettings.EXECUTOR_PROPERTY_NAME
                        + "=slurm): " + e.getMessage() + (e.getMessage().endsWith(".") ? "" : "."));
            }
        } else if (!devices.isEmpty()) {
            System.out.println("commitbench: " + BenchmarkSettings.describe(method) + " runs its points on devices "
                    + devices.stream().map(Device::describe).toList() + ", one point at a time each.");
            methodRun.startOnDevices(plan, DeviceRun.start(plan, plan.points(), devices, progress));
        } else {
            methodRun.start(BenchmarkSession.start(plan, progress));
        }

        boolean takesReport = BenchmarkSettings.takesReport(method);
        AtomicInteger index = new AtomicInteger();
        return plan.points().stream().map(point -> {
            int i = index.incrementAndGet();
            return new BenchmarkInvocationContext(
                    DisplayNames.format(pattern, i, point, methodRun.commits()), methodRun, point,
                    takesReport);
        });
    }

    /**
     * The devices {@code devices} names on this machine ({@code nvidia-smi} or {@code rocm-smi}); empty for
     * {@code auto} on a machine without GPUs, which is said on the console.
     */
    private static List<Device> selectDevices(BenchmarkSettings settings, DeviceList deviceList) {
        Discovery discovery = new DeviceDiscovery(System.getenv(), DeviceDiscovery.TIMEOUT).discover();
        List<Device> selected;
        try {
            selected = deviceList.select(discovery);
        } catch (DeviceException e) {
            throw settings.misuseOf("names a device that does not exist ('devices' or "
                    + BenchmarkSettings.DEVICES_PROPERTY_NAME + "): " + e.getMessage());
        }
        if (selected.isEmpty()) {
            System.out.println("commitbench: devices " + deviceList + ": " + discovery.describe() + "; the points run"
                    + " one after the other on the default device. To run one point per GPU, run where nvidia-smi or"
                    + " rocm-smi lists the GPUs; to say nothing, leave 'devices' (" + BenchmarkSettings.DEVICES_PROPERTY_NAME
                    + ") out.");
        }
        return selected;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        checkClass(context.getRequiredTestClass());
        context.getStore(NAMESPACE).put(CLASS_SCOPED, Boolean.TRUE);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Method method = context.getRequiredTestMethod();
        if (!AnnotationSupport.isAnnotated(method, BenchmarkAcrossCommits.class)) {
            checkMethod(method);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == CombinedReport.class
                && !AnnotationSupport.isAnnotated(parameterContext.getDeclaringExecutable(), BenchmarkAcrossCommits.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (parameterContext.getDeclaringExecutable() instanceof Method method && isStaticAfterAll(method)) {
            return ClassResults.of(extensionContext).report();
        }
        throw new ParameterResolutionException(notABenchmarkMessage(parameterContext.getDeclaringExecutable() instanceof Method m
                ? BenchmarkSettings.describe(m) : parameterContext.getDeclaringExecutable().getName()));
    }

    /**
     * The method's folder in the run folder: {@code <fully-qualified test class>.<method>}, plus
     * {@code -<8 hex digits>} of its parameter types when the class has several methods of that name, so
     * that same-named classes (nested, or in other packages) and overloads never share a folder.
     */
    static String methodFolder(Class<?> testClass, Method method) {
        String folder = testClass.getName() + "." + method.getName();
        boolean overloaded = ReflectionSupport.findMethods(testClass, m -> m.getName().equals(method.getName()),
                HierarchyTraversalMode.TOP_DOWN).size() > 1;
        if (!overloaded) {
            return folder;
        }
        String parameters = Arrays.stream(method.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
        return folder + "-" + String.format(Locale.ROOT, "%08x", parameters.hashCode());
    }

    /** Fails the class for a {@code @Sweep} or a {@code CombinedReport} parameter where no benchmark is. */
    static void checkClass(Class<?> testClass) {
        boolean classHasSweep = !AnnotationSupport.findRepeatableAnnotations(testClass, Sweep.class).isEmpty();
        boolean anyBenchmark = AnnotationSupport.isAnnotated(testClass, BenchmarkAcrossCommits.class);
        for (Method method : ReflectionSupport.findMethods(testClass, m -> true, HierarchyTraversalMode.TOP_DOWN)) {
            if (AnnotationSupport.isAnnotated(method, BenchmarkAcrossCommits.class)) {
                anyBenchmark = true;
            } else {
                checkMethod(method);
            }
        }
        if (classHasSweep && !anyBenchmark) {
            throw new ExtensionConfigurationException("Configuration error: @Sweep on class [" + testClass.getSimpleName()
                    + "] needs @BenchmarkAcrossCommits on the class or on a method; add it, or remove @Sweep.");
        }
    }

    /**
     * Fails the method before any git work when a static {@code @AfterAll} method takes a
     * {@code CombinedReport} but the extension is registered only on methods: JUnit resolves {@code @AfterAll}
     * parameters with the class's extensions only, so it would fail after every benchmark ran.
     */
    private static void checkAfterAllCanBeResolved(ExtensionContext context) {
        ExtensionContext classContext = context.getParent().orElseThrow();
        if (classContext.getStore(NAMESPACE).get(CLASS_SCOPED) != null) {
            return;
        }
        Class<?> testClass = context.getRequiredTestClass();
        List<Method> afterAll = ReflectionSupport.findMethods(testClass,
                m -> isStaticAfterAll(m) && BenchmarkSettings.takesReport(m), HierarchyTraversalMode.TOP_DOWN);
        if (!afterAll.isEmpty()) {
            throw new ExtensionConfigurationException("Configuration error: static @AfterAll method ["
                    + BenchmarkSettings.describe(afterAll.get(0)) + "] takes a CombinedReport, but class ["
                    + testClass.getSimpleName() + "] is not annotated with @BenchmarkAcrossCommits, and JUnit resolves "
                    + "@AfterAll parameters only with the class's extensions; annotate the class with "
                    + "@BenchmarkAcrossCommits (its attributes become defaults of its methods), or remove the parameter.");
        }
    }

    private static void checkMethod(Method method) {
        if (!AnnotationSupport.findRepeatableAnnotations(method, Sweep.class).isEmpty()) {
            throw new ExtensionConfigurationException("Configuration error: @Sweep on method ["
                    + BenchmarkSettings.describe(method)
                    + "] needs @BenchmarkAcrossCommits on the same method; add it, or remove @Sweep.");
        }
        if (BenchmarkSettings.takesReport(method) && !isStaticAfterAll(method)) {
            throw new ExtensionConfigurationException(notABenchmarkMessage(BenchmarkSettings.describe(method)));
        }
    }

    private static String notABenchmarkMessage(String method) {
        return "Configuration error: method [" + method + "] takes a CombinedReport but is not a "
                + "@BenchmarkAcrossCommits method; annotate it with @BenchmarkAcrossCommits, or take the report "
                + "in a static @AfterAll method of a class annotated with @BenchmarkAcrossCommits.";
    }

    private static boolean isStaticAfterAll(Method method) {
        return Modifier.isStatic(method.getModifiers()) && AnnotationSupport.isAnnotated(method, AfterAll.class);
    }
}
