package io.github.transferml.transfer.predict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.modality.Classifications.Classification;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictionCsvTest {

    @Test
    void header_should_name_the_best_class_then_the_runners_up_by_rank() {
        assertEquals("file,class,probability\n", PredictionCsv.header(1));
        assertEquals("file,class,probability,class2,probability2,class3,probability3\n", PredictionCsv.header(3));
    }

    @Test
    void row_should_list_the_file_then_each_class_and_its_probability() {
        assertEquals("a/b.png,cat,0.75,dog,0.25\n", PredictionCsv.row("a/b.png",
                List.of(new Classification("cat", 0.75f), new Classification("dog", 0.25f))));
    }

    @Test
    void field_should_quote_commas_quotes_and_line_breaks_as_rfc_4180_says() {
        assertEquals("plain name.png", PredictionCsv.field("plain name.png"));
        assertEquals("\"tench, Tinca tinca\"", PredictionCsv.field("tench, Tinca tinca"));
        assertEquals("\"the \"\"best\"\" one\"", PredictionCsv.field("the \"best\" one"));
        assertEquals("\"two\nlines\"", PredictionCsv.field("two\nlines"));
        assertEquals("\"carriage\rreturn\"", PredictionCsv.field("carriage\rreturn"));
    }

    @Test
    void probability_should_write_a_float_in_full_without_noise_digits_or_exponent() {
        assertEquals("0.9", PredictionCsv.probability(0.9f));
        assertEquals("0.61724985", PredictionCsv.probability(0.61724985f));
        assertEquals("0.000012345", PredictionCsv.probability(1.2345e-5f));
        assertEquals("1", PredictionCsv.probability(1f));
        assertEquals("0", PredictionCsv.probability(0f));
        assertEquals("0.1", PredictionCsv.probability(0.1), "a double that is no float keeps its own digits");
        assertEquals("NaN", PredictionCsv.probability(Float.NaN));
    }
}
