package dev.commitbench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code SmiStubs} is used by the device tests to put stand-ins for {@code nvidia-smi} and {@code rocm-smi} on a
 * {@code PATH} of their own: POSIX {@code sh} scripts that print what the real tools print for the exact query
 * commitbench sends (and the real tools' complaint for any other), or the real tools' failures. Also used by the
 * command line's and the extension's device tests.
 */
public final class SmiStubs {

    /** The real {@code nvidia-smi} 580.159.04's answer to the query on a machine with one H200. */
    static final String ONE_H200 = "0, GPU-bb9bf972-63ca-5457-a0e5-590ef7efbf75, NVIDIA H200, 580.159.04, 143771 MiB\n";

    /** Four H100s as {@code nvidia-smi --query-gpu=index,uuid,name,driver_version,memory.total --format=csv,noheader}. */
    public static final String FOUR_H100 = """
            0, GPU-5b9a1c7e-3f4d-8e2a-91b6-0c7d4e8f2a13, NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB
            1, GPU-0e3f6a2b-7c81-4d95-b2e0-5a1f9c3d7e64, NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB
            2, GPU-9c2d4b6e-1a3f-4e58-8d07-2b6c9e1f4a85, NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB
            3, GPU-71e8a3c5-6b2d-49f0-a3c1-8e5d2f7b9c06, NVIDIA H100 80GB HBM3, 550.54.15, 81559 MiB
            """;

    /** Two MI300X as {@code rocm-smi --showproductname --showuniqueid --showdriverversion --showmeminfo vram --json}. */
    static final String TWO_MI300X = "{\"card0\": {\"Card Series\": \"AMD Instinct MI300X\", \"Card Model\": \"0x74a1\","
            + " \"Card Vendor\": \"Advanced Micro Devices, Inc. [AMD/ATI]\", \"Card SKU\": \"M3000100\","
            + " \"Unique ID\": \"0x18e5b27e4c2a9f31\", \"VRAM Total Memory (B)\": \"206141652992\","
            + " \"VRAM Total Used Memory (B)\": \"293957632\"}, \"card1\": {\"Card Series\": \"AMD Instinct MI300X\","
            + " \"Card Model\": \"0x74a1\", \"Card Vendor\": \"Advanced Micro Devices, Inc. [AMD/ATI]\", \"Card SKU\":"
            + " \"M3000100\", \"Unique ID\": \"0x52a0c9d3e7b1f864\", \"VRAM Total Memory (B)\": \"206141652992\","
            + " \"VRAM Total Used Memory (B)\": \"293957632\"}, \"system\": {\"Driver version\": \"6.7.0\"}}\n";

    private SmiStubs() {
    }

    /**
     * An {@code nvidia-smi} that answers the query with {@code stdout}, exit 0.
     *
     * @param bin    the folder it goes into (put it first on the {@code PATH})
     * @param stdout what it prints, e.g. {@link #FOUR_H100}
     * @throws IOException when it cannot be written
     */
    public static void nvidiaSmi(Path bin, String stdout) throws IOException {
        stub(bin, "nvidia-smi", DeviceDiscovery.NVIDIA_SMI, stdout, "", 0);
    }

    /** An {@code nvidia-smi} that answers the query as the real one does when it fails. */
    static void nvidiaSmiFailing(Path bin, String stdout, int exitCode) throws IOException {
        stub(bin, "nvidia-smi", DeviceDiscovery.NVIDIA_SMI, stdout, "", exitCode);
    }

    /** A {@code rocm-smi} that answers the query with {@code stdout}, exit 0. */
    static void rocmSmi(Path bin, String stdout) throws IOException {
        stub(bin, "rocm-smi", DeviceDiscovery.ROCM_SMI, stdout, "", 0);
    }

    /** A tool that never answers. */
    static void hanging(Path bin, String tool) throws IOException {
        write(bin.resolve(tool), "#!/bin/sh\nexec /bin/sleep 60\n");
    }

    private static void stub(Path bin, String tool, List<String> query, String stdout, String stderr, int exitCode)
            throws IOException {
        StringBuilder expected = new StringBuilder();
        for (String word : query.subList(1, query.size())) {
            expected.append(expected.isEmpty() ? "" : " ").append(word);
        }
        write(bin.resolve(tool), "#!/bin/sh\n"
                + "if [ \"$*\" != '" + expected + "' ]; then\n"
                + complaint(tool)
                + "fi\n"
                + "/bin/cat <<'EOF'\n" + stdout + (stdout.endsWith("\n") || stdout.isEmpty() ? "" : "\n") + "EOF\n"
                + (stderr.isEmpty() ? "" : "echo '" + stderr + "' >&2\n")
                + "exit " + exitCode + "\n");
    }

    /** What the real tool says to arguments it does not know (nvidia-smi 580's words, as seen on an H200). */
    private static String complaint(String tool) {
        return tool.equals("nvidia-smi")
                ? "  printf \"ERROR: Option %s is not recognized. Please run 'nvidia-smi -h'.\\n\\n\" \"$1\"\n  exit 255\n"
                : "  echo 'usage: rocm-smi [-h] [-V] [-d DEVICE [DEVICE ...]] ...' >&2\n"
                        + "  echo \"rocm-smi: error: unrecognized arguments: $*\" >&2\n  exit 2\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThat(file.toFile().setExecutable(true)).isTrue();
    }
}
