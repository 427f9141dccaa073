def log = new File(basedir, 'build.log').text
assert log =~ /<dataset>: Cannot decode image 3\/broken\.png \(.*\)\. Replace it with a valid PNG, JPEG, BMP or GIF file, or remove it\./ : 'failed: log =~ /<dataset>: Cannot decode image 3\\/broken\\.png \\(.*\\)\\. Replace it with a valid PNG, JPEG, BMP or GIF fil...'
assert !log.contains('Epoch 1/') : 'failed: !log.contains(\'Epoch 1/\')'
assert !new File(basedir, 'target/corrupt-1.0-model.zip').exists() : 'failed: !new File(basedir, \'target/corrupt-1.0-model.zip\').exists()'
assert new File(basedir, 'target').listFiles().findAll { it.name.endsWith('.zip') || it.name.endsWith('.tmp') }.isEmpty() : 'failed: new File(basedir, \'target\').listFiles().findAll { it.name.endsWith(\'.zip\') || it.name.endsWith(\'.tmp\') }.isEmpty()'
true
