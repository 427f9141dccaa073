def log = new File(basedir, 'build.log').text
assert log.contains('Invalid configuration: <spark> needs Apache Spark, which the plugin does not bring itself. Add org.apache.spark:spark-sql_2.13 (4.x) to the plugin\'s <dependencies>') : 'failed: the message names the dependency to add'
assert !new File(basedir, 'target/spark-missing-1.0-model.zip').exists() : 'failed: nothing trained'
true
