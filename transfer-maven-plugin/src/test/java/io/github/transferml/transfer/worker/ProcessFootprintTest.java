package io.github.transferml.transfer.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The worker's last line: its peak memory and the bytes it wrote, as Linux's /proc counts them. */
class ProcessFootprintTest {

    private static final String STATUS = """
            Name:\tjava
            VmPeak:\t 9876540 kB
            VmHWM:\t  831488 kB
            VmRSS:\t  812344 kB
            Threads:\t31
            """;

    private static final String IO = """
            rchar: 123456789
            wchar: 98765432
            read_bytes: 4096
            write_bytes: 199229440
            cancelled_write_bytes: 0
            """;

    @Test
    void both_figures_should_make_one_line_in_mebibytes() {
        assertEquals(Optional.of("Worker: peak memory 812 MB (VmHWM), wrote 190.0 MB to disk (write_bytes)"),
                ProcessFootprint.describe(STATUS, IO));
    }

    @Test
    void a_missing_figure_should_leave_only_the_other() {
        assertEquals(Optional.of("Worker: peak memory 812 MB (VmHWM)"), ProcessFootprint.describe(STATUS, null));
        assertEquals(Optional.of("Worker: wrote 190.0 MB to disk (write_bytes)"),
                ProcessFootprint.describe("Name:\tjava\n", IO));
    }

    @Test
    void without_proc_there_should_be_no_line() {
        assertEquals(Optional.empty(), ProcessFootprint.describe(null, null));
        assertEquals(Optional.empty(), ProcessFootprint.describe("Name:\tjava\n", "rchar: 1\n"));
    }

    @Test
    void a_field_should_be_read_by_its_whole_name() {
        assertEquals(OptionalLong.of(831488), ProcessFootprint.field(STATUS, "VmHWM:"));
        assertEquals(OptionalLong.of(0), ProcessFootprint.field(IO, "cancelled_write_bytes:"));
        assertEquals(OptionalLong.of(199229440), ProcessFootprint.field(IO, "write_bytes:"));
        assertEquals(OptionalLong.empty(), ProcessFootprint.field("VmHWM:\tlots kB\n", "VmHWM:"));
    }

    @Test
    void on_linux_this_process_should_report_itself() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "no /proc here");
        String line = ProcessFootprint.describeSelf().orElseThrow();
        assertTrue(Pattern.matches("Worker: peak memory [1-9][0-9,]* MB \\(VmHWM\\)(, wrote [0-9,]+\\.[0-9] MB to disk"
                + " \\(write_bytes\\))?", line), line);
    }
}
