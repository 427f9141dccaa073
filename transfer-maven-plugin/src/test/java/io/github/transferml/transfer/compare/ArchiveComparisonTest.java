package io.github.transferml.transfer.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestArchives;
import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.data.LabeledImages;
import io.github.transferml.transfer.evaluate.TestSet;
import io.github.transferml.transfer.source.ExtractionLimits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real archives of a ResNet-20 (seeded initialisations), scored on real digits. */
class ArchiveComparisonTest {

    @TempDir
    static Path dir;

    private static Path seven;
    private static Path sevenAgain;
    private static Path eight;
    private static LabeledImages digits;

    @BeforeAll
    static void writeArchives() throws IOException {
        seven = TestArchives.untrainedResnet(dir.resolve("seven-model.zip"), 7);
        sevenAgain = TestArchives.untrainedResnet(dir.resolve("seven-again-model.zip"), 7);
        eight = TestArchives.untrainedResnet(dir.resolve("eight-model.zip"), 8);
        digits = TestSet.folder(TestData.root().resolve("corrupt/validation")).load();
    }

    @Test
    void compare_should_report_identical_bytes() throws IOException {
        ArchiveComparison.Result result = new ArchiveComparison(ExtractionLimits.DEFAULT)
                .compare(seven, sevenAgain, "com.acme:digits:1.0", digits);

        assertTrue(result.identical());
        assertEquals("Compared with com.acme:digits:1.0: identical bytes (SHA-256 " + result.builtSha256() + ")",
                result.describe());
        assertEquals(List.of(), result.differingEntries());
    }

    @Test
    void compare_should_name_the_differing_entries_the_parameter_gap_and_both_accuracies() throws IOException {
        ArchiveComparison.Result result = new ArchiveComparison(ExtractionLimits.DEFAULT)
                .compare(seven, eight, "com.acme:digits:1.0", digits);

        assertFalse(result.identical());
        assertEquals(List.of("model-0000.params"), result.differingEntries());
        assertNotNull(result.largestParameterDifference());
        assertTrue(result.largestParameterDifference() > 0, result.describe());
        assertNull(result.parameterMismatch());
        assertTrue(result.builtAccuracy() >= 0 && result.referenceAccuracy() <= 1);
        assertTrue(result.describe().startsWith("Compared with com.acme:digits:1.0: it differs (SHA-256 "
                + result.builtSha256().substring(0, 8) + "… here, " + result.referenceSha256().substring(0, 8)
                + "… there) in 1 entry [model-0000.params]; largest parameter difference "), result.describe());
        assertTrue(result.describe().contains("; validation accuracy "), result.describe());
    }
}
