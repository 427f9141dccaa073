def log = new File(basedir, 'build.log').text
assert log.contains('Tests run: 2, Failures: 0, Errors: 0, Skipped: 0') : 'failed: log.contains(\'Tests run: 2, Failures: 0, Errors: 0, Skipped: 0\')'
assert log.contains('Running it.PlainDjlCriteriaTest') : 'failed: log.contains(\'Running it.PlainDjlCriteriaTest\')'
true
