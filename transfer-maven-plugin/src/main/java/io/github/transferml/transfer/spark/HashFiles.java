package io.github.transferml.transfer.spark;

import io.github.transferml.transfer.data.ImageFolderReader;
import io.github.transferml.transfer.util.Sha256;
import java.nio.file.Path;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * On an executor: the SHA-256 of each image file that {@code binaryFile} read, as the dataset digest
 * needs it. Other files in the folders (a README) are read by Spark but not hashed.
 */
final class HashFiles implements FlatMapFunction<Iterator<Row>, Row> {

    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        return new Iterator<>() {
            private Row next = advance();

            private Row advance() {
                while (files.hasNext()) {
                    Row file = files.next();
                    String location = file.getString(0);
                    String name = location.substring(location.lastIndexOf('/') + 1);
                    if (ImageFolderReader.isImage(Path.of(name))) {
                        byte[] content = file.getAs(1);
                        return RowFactory.create(location, Sha256.of(content));
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Row next() {
                Row current = next;
                next = advance();
                return current;
            }
        };
    }
}
