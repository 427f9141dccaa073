def log = new File(basedir, 'build.log').text
def report = new File(basedir, 'target/transfer/report.html')
assert log =~ /Quality rules missed:\s+validationAccuracy is 0\.\d{4}, but expected minimum is 0\.99 \(short by 0\.\d{4}\)/ : 'the missed limit, its value and the gap'
assert log =~ /recall of class 1 is 0\.\d{4}, but expected minimum is 1 \(short by 0\.\d{4}\)/ : 'per-class recall'
assert log =~ /Quality rule met: validationLoss is \d\.\d{4} \(expected maximum 5\)/ : 'the limit that was met'
assert log.contains('See the report: ' + report.path) : 'the report path'
assert log.contains('BUILD FAILURE') : 'the build halts'
assert report.isFile() : 'the report is written before the gate decides'
def html = report.text
assert html.contains('FAILED: validationAccuracy is') : 'the report shows the gate'
assert html =~ /data:image\/png;base64,/ : 'charts and thumbnails are inline'
assert !(html =~ /src="(https?|file):/) : 'self-contained'
def metrics = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/transfer/metrics.json'))
assert metrics.qualityGate.violations.size() == 2 : metrics.qualityGate

// The model that missed its rules replaced nothing: the previous archive is byte-identical, the
// rejected one is kept beside its report, and the failure says so.
def previous = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip')
def archive = new File(basedir, 'target/gate-halts-1.0-model.zip')
assert archive.bytes == previous.bytes : 'the last good archive is untouched'
def rejected = new File(basedir, 'target/transfer/rejected-model.zip')
assert rejected.isFile() : 'the rejected model is kept for inspection'
assert log.contains('The model was not attached: it is kept as ' + rejected.path + ' for inspection; ' + archive.path
        + ' (the last model built) is left as it was.') : 'the failure says what became of the model'
assert metrics.archive.endsWith('rejected-model.zip') : metrics.archive
assert metrics.classification.perClass.size() == 10 : 'per-class figures'
true
