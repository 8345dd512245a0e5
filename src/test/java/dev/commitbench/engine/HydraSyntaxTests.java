package dev.commitbench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Verifies that {@link HydraSyntax} writes every value as the override text Hydra parses back to it. The same
 * tables run through Hydra's own parser in {@link HydraSyntaxRealHydraTests}.
 */
class HydraSyntaxTests {

    /** A literal value and the override text Hydra writes for it (its canonical form). */
    record Case(String literal, String text) {
    }

    /** Values written as they are, escaped, or quoted. */
    static final List<Case> VALUES = List.of(
            new Case("gpt2", "gpt2"),
            new Case("openai-community/gpt2", "openai-community/gpt2"),
            new Case("/out/run-20260101-120000-1a2b3c/commit=0123456789abcdef",
                    "/out/run-20260101-120000-1a2b3c/commit\\=0123456789abcdef"),
            new Case("/tmp/junit123/my models/tiny gpt2=v1", "/tmp/junit123/my\\ models/tiny\\ gpt2\\=v1"),
            new Case("a,b", "a\\,b"),
            new Case("key:value", "key\\:value"),
            new Case("C:\\models\\gpt2", "C\\:\\\\models\\\\gpt2"),
            new Case("[1, 2]", "\\[1\\,\\ 2\\]"),
            new Case("{a: 1}", "\\{a\\:\\ 1\\}"),
            new Case("f(x)", "f\\(x\\)"),
            new Case(" padded ", "\\ padded\\ "),
            new Case("tab\there", "tab\\\there"),
            new Case("", ""),
            new Case("50%+1*2|3?@x$y", "50%+1*2|3?@x$y"),
            new Case("it's", "'it\\'s'"),
            new Case("say \"hi\"", "'say \"hi\"'"),
            new Case("Modèle/ß", "'Modèle/ß'"),
            new Case("模型 v2", "'模型 v2'"),
            new Case("emoji 😀", "'emoji 😀'"),
            new Case("a#b", "'a#b'"),
            new Case("~/models", "'~/models'"),
            new Case("a!b&c;d<e>f^g`h", "'a!b&c;d<e>f^g`h'"),
            new Case("line1\nline2", "'line1\nline2'"),
            new Case("é\\", "'é\\\\'"),
            new Case("é\\\\", "'é\\\\\\\\'"),
            new Case("it\\'s", "'it\\\\\\'s'"),
            new Case("back\\slash é", "'back\\slash é'"),
            new Case("/a b=c,d:e[f]{g}(h)\\i 'j'", "'/a b=c,d:e[f]{g}(h)\\i \\'j\\''"));

    /** Values Hydra reads as numbers, booleans or null: written as they are, so that Hydra types them. */
    static final List<String> TYPED = List.of("8", "-3", "0.5", "1e-3", "true", "False", "null", "nan", "inf");

    /** Keys Hydra's grammar accepts. */
    static final List<String> KEYS = List.of("backend.model", "scenario.input_shapes.batch_size", "name", "+backend.extra",
            "++x.y", "hydra/launcher", "hydra/launcher@a.b", "db@pkg", "a-b.c", "list.0", "a.1_0", "$x.y", "a-b/c", "_x");

    /** Keys it rejects. */
    static final List<String> BAD_KEYS = List.of("backend model", "a=b", "é", "a..b", ".a", "a.", "a/b.c", "1abc",
            "a.01", "-a", "a'b");

    static Stream<Arguments> values() {
        return VALUES.stream().map(c -> Arguments.of(c.literal(), c.text()));
    }

    @ParameterizedTest
    @MethodSource("values")
    void writesEachValueInHydrasCanonicalForm(String literal, String text) {
        assertThat(HydraSyntax.value(literal)).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("values")
    void readsEachWrittenValueBackToTheLiteral(String literal, String text) {
        assertThat(HydraSyntax.literal(text)).contains(literal);
    }

    static List<String> typed() {
        return TYPED;
    }

    @ParameterizedTest
    @MethodSource("typed")
    void leavesNumbersBooleansAndNullAsTheyAre(String typed) {
        assertThat(HydraSyntax.value(typed)).isEqualTo(typed);
    }

    @Test
    void writesAnOverrideFromAKeyAndALiteralValue() {
        assertThat(HydraSyntax.override("hydra.run.dir", "/out/commit=1a2b"))
                .isEqualTo("hydra.run.dir=/out/commit\\=1a2b");
        assertThat(HydraSyntax.override("backend.model", "/m/tiny gpt2=1"))
                .isEqualTo("backend.model=/m/tiny\\ gpt2\\=1");
    }

    @Test
    void rejectsAValueHoldingAnInterpolationNamingIt() {
        assertThatThrownBy(() -> HydraSyntax.value("/out/${now:%Y}/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value [/out/${now:%Y}/x] holds ${, which Hydra and OmegaConf resolve as an"
                        + " interpolation, so it cannot be passed as written: use a value (or, for a folder, a path)"
                        + " without ${");
    }

    @Test
    void rejectsCharactersNoCommandLineCanCarry() {
        assertThatThrownBy(() -> HydraSyntax.value("a\0b"))
                .hasMessage("the value [a\0b] holds a character that cannot be passed on a command line (NUL at index 1)");
        assertThatThrownBy(() -> HydraSyntax.value("x\uD800"))
                .hasMessage("the value [x\uD800] holds a character that cannot be passed on a command line"
                        + " (half of a surrogate pair at index 1)");
    }

    @ParameterizedTest
    @MethodSource("keys")
    void acceptsTheKeysOfHydrasGrammar(String key) {
        HydraSyntax.checkKey(key);
    }

    static List<String> keys() {
        return KEYS;
    }

    static List<String> badKeys() {
        return BAD_KEYS;
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void rejectsOtherKeysNamingThem(String key) {
        assertThatThrownBy(() -> HydraSyntax.checkKey(key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("[" + key + "] is not a Hydra override key: a key is a dotted path of names"
                        + " made of letters, digits, _ and - (e.g. backend.model or scenario.input_shapes.batch_size),"
                        + " or a config group like hydra/launcher")
                .hasMessageEndingWith("it cannot be escaped or quoted (see " + HydraSyntax.GRAMMAR_URL + ")");
    }

    @Test
    void rejectsAnEmptyKeyThoughHydraTakesItForTheGlobalPackage() {
        assertThatThrownBy(() -> HydraSyntax.checkKey("")).hasMessageStartingWith("[] is not a Hydra override key");
    }

    @Test
    void readsWhatUsersWriteAsHydraReadsIt() {
        assertThat(HydraSyntax.literal("/my\\ models/gpt2")).contains("/my models/gpt2");
        assertThat(HydraSyntax.literal("/my models/gpt2")).contains("/my models/gpt2");
        assertThat(HydraSyntax.literal("  gpt2  ")).contains("gpt2");
        assertThat(HydraSyntax.literal("'a,b'")).contains("a,b");
        assertThat(HydraSyntax.literal("\"say \\\"hi\\\"\"")).contains("say \"hi\"");
        assertThat(HydraSyntax.literal("C:\\x")).contains("C:\\x");
        assertThat(HydraSyntax.literal("_benchmark")).contains("_benchmark");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "[1,2]", "{a:1}", "range(1,3)", "${now:%Y}", "'${x}'", "a=b", "é", "'a'b", "'open"})
    void aValueThatIsNoPlainStringHasNoLiteral(String text) {
        assertThat(HydraSyntax.literal(text)).isEmpty();
    }

    @Test
    void splitsASweepWhereHydraDoes() {
        assertThat(HydraSyntax.splitSweep("gpt2,distilgpt2")).containsExactly("gpt2", "distilgpt2");
        assertThat(HydraSyntax.splitSweep("a\\,b,'c,d',[1,2],\"e,f\"")).containsExactly("a\\,b", "'c,d'", "[1,2]", "\"e,f\"");
        assertThat(HydraSyntax.splitSweep("gpt2")).containsExactly("gpt2");
        assertThat(HydraSyntax.splitSweep("a, b")).containsExactly("a", "b");
    }

    @Test
    void namesWhatHydraRejectsInAnOverride() {
        assertThat(HydraSyntax.problem("hydra.run.dir=/out/commit=1a2b")).contains("[hydra.run.dir=/out/commit=1a2b]"
                + " has the = inside its value: escape it with a backslash (\\=, \\,, \\ ) or quote the value; as literal"
                + " text it is written hydra.run.dir=/out/commit\\=1a2b");
        assertThat(HydraSyntax.problem("backend.model=Modèle")).contains("[backend.model=Modèle] has the character è"
                + " (which Hydra only takes quoted): escape it with a backslash (\\=, \\,, \\ ) or quote the value; as"
                + " literal text it is written backend.model='Modèle'");
        assertThat(HydraSyntax.problem("name='open")).contains("[name='open] opens a quote ' it does not close");
        assertThat(HydraSyntax.problem("backend model=x")).get().asString().startsWith("[backend model] is not a Hydra override key");
        assertThat(HydraSyntax.problem("gpt2")).contains("[gpt2] has no =: an override is key=value");
    }

    /** Overrides Hydra parses, in which {@link HydraSyntax#problem} must find nothing. */
    static final List<String> VALID_OVERRIDES = List.of("scenario.input_shapes.batch_size=1,2", "a=[1,2]",
            "a={x:1,y:[2]}", "a='x=y'", "a=x\\=y", "a=${oc.env:HOME}", "a=range(1,3)", "a=choice(x,y)", "~a", "+a=1",
            "a=", "hydra/launcher=basic", "a=range(start=1,stop=3)", "a='é'", "a=\"q\"", "a=/x/a b");

    /** Overrides Hydra rejects, in which {@link HydraSyntax#problem} must find something. */
    static final List<String> INVALID_OVERRIDES = List.of("hydra.run.dir=/out/commit=1a2b", "backend.model=Modèle",
            "name='open", "backend model=x", "gpt2", "a=x'y", "a=#1");

    static List<String> validOverrides() {
        return VALID_OVERRIDES;
    }

    static List<String> invalidOverrides() {
        return INVALID_OVERRIDES;
    }

    @ParameterizedTest
    @MethodSource("invalidOverrides")
    void findsWhatIsWrongInInvalidOverrides(String override) {
        assertThat(HydraSyntax.problem(override)).isPresent();
    }

    @ParameterizedTest
    @MethodSource("validOverrides")
    void findsNothingWrongInValidOverrides(String override) {
        assertThat(HydraSyntax.problem(override)).isEmpty();
        assertThat(HydraSyntax.problem("--multirun")).isEmpty();
    }
}
