def log = new File(basedir, 'build.log').text
assert log.contains('Skipping training: transfer.skip = true') : 'failed: log.contains(\'Skipping training: transfer.skip = true\')'
assert !new File(basedir, 'target/skipped-1.0-model.zip').exists() : 'failed: !new File(basedir, \'target/skipped-1.0-model.zip\').exists()'
true
