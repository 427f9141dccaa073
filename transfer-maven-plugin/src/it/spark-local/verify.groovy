import java.security.MessageDigest

def log = new File(basedir, 'build.log').text
def here = new File(basedir, 'target/spark-local-1.0-here.zip')
def spark = new File(basedir, 'target/spark-local-1.0-spark.zip')
assert here.isFile() : 'failed: here.isFile()'
assert spark.isFile() : 'failed: spark.isFile()'

def sha = { File f -> MessageDigest.getInstance('SHA-256').digest(f.bytes).encodeHex().toString() }
// Where the frozen pass ran changes nothing: the same classes, splits, digest and features.
assert sha(here) == sha(spark) : "failed: the archive built on Spark (${sha(spark)}) is the one built here (${sha(here)})"

// The log says what Spark did: its start, the listing, the partitions, the executors and the speed.
assert log =~ /Spark 4\.\d+\.\d+ started in [\d.]+ s: master local\[2\], 1 setting, 2 task slots/ : 'failed: log says Spark started'
assert log =~ /Spark listed and hashed 900 image files in [\d.]+ s/ : 'failed: log says Spark listed the files'
assert log =~ /Caching features of training data on Spark: 100 images in 2 batches of 64, 2 partitions, 2 task slots/ : 'failed: log says how the pass was cut'
assert log =~ /Spark computed 100 rows of training data in [\d.]+ s, \d+ images\/s: 2 partitions on 1 executor/ : 'failed: log says what Spark computed'
assert log =~ /Spark computed 300 rows of validation data in [\d.]+ s, \d+ images\/s: 5 partitions on 1 executor/ : 'failed: validation rows on Spark'
// The test set, scored here on the final model (its images read through Spark's file systems), scores the same.
def scores = (log =~ /Trained spark-local-1\.0-\w+\.zip: .*; (test accuracy [\d.]+)/).collect { it[1] }
assert scores.size() == 2 && scores[0] == scores[1] : "failed: both builds scored the test set alike (${scores})"
// Nothing is left behind in the features' output folder: the committed rows are in the build's cache.
def output = new File(basedir, 'target/transfer-work/spark-features')
assert !output.exists() || output.list().length == 0 : "failed: ${output} is empty (${output.list()})"
true
