package io.github.transferml.transfer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.transferml.transfer.TestData;
import io.github.transferml.transfer.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset digest is the same whatever number of threads hash the files, and a file that cannot be read is named. */
class DataFilesTest {

    @Test
    void any_number_of_threads_should_give_each_file_its_own_sha256() throws IOException {
        Path root = TestData.root().resolve("digits/train");
        Map<String, Path> named = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).forEach(f -> named.put("train/" + root.relativize(f), f));
        }
        assertTrue(named.size() > 50, named.size() + " real digit images");

        DataFiles one = DataFiles.hash(named, 1);
        for (int threads : new int[] {2, 5}) {
            assertEquals(one, DataFiles.hash(named, threads), threads + " threads");
        }
        assertEquals(one, DataFiles.hash(named));
        Map.Entry<String, Path> some = named.entrySet().iterator().next();
        assertEquals(Sha256.of(some.getValue()), one.files().get(some.getKey()));
        assertEquals(named.keySet(), one.files().keySet());
    }

    @Test
    void a_file_that_cannot_be_read_should_be_named(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("a.png");
        Files.write(good, new byte[] {1, 2, 3});
        Map<String, Path> named = Map.of("train/a.png", good, "train/gone.png", dir.resolve("gone.png"));

        DatasetException e = assertThrows(DatasetException.class, () -> DataFiles.hash(named, 2));
        assertTrue(e.getMessage().startsWith("Cannot read data file " + dir.resolve("gone.png")), e.getMessage());
    }
}
