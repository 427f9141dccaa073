import groovy.json.JsonSlurper
import java.security.MessageDigest
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def archive = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip')
def sha256 = MessageDigest.getInstance('SHA-256').digest(archive.bytes).encodeHex().toString()
def directory = new File(basedir, 'target/transfer/evaluation')
def report = new File(directory, 'report.html')

assert log =~ /Evaluated it\.transfer:tiny-base:1\.0 on 200 test images: accuracy 0\.\d{4}, loss \d+\.\d{4}, macro F1 0\.\d{4}; SHA-256 ${sha256}/ : 'the one-line summary'
assert log =~ /\[WARNING\] Quality rules missed:\s+validationAccuracy is 0\.\d{4}, but expected minimum is 0\.99 \(short by 0\.\d{4}\)/ : 'the missed limit, as a warning'
assert log =~ /Quality rule met: macroF1 is 0\.\d{4} \(expected minimum 0\.1\)/ : 'the limit that was met'
assert log.contains('See the report: ' + report.path) : 'the report path'
assert log.contains('transfer.haltOnFailure is false: the build goes on.') : 'says why it goes on'
assert log.contains('BUILD SUCCESS') : 'the build goes on'

def metrics = new JsonSlurper().parse(new File(directory, 'metrics.json'))
assert metrics.testImages == 200 : metrics.testImages
assert metrics.modelSha256 == sha256 : 'the SHA-256 of the archive scored'
assert metrics.model.endsWith('tiny-base-1.0-model.zip') : metrics.model
assert metrics.testSet.format == 'idx' : metrics.testSet
assert metrics.qualityGate.violations.size() == 1 : metrics.qualityGate
assert metrics.classification.perClass.size() == 10 : 'per-class figures'
assert metrics.classification.accuracy == metrics.accuracy
// The training validated on the same files: loaded as an application loads it, the archive scores the same.
def trained = new ZipFile(archive).withCloseable { zip ->
    new JsonSlurper().parse(zip.getInputStream(zip.getEntry('transfer.json')))
}
assert metrics.accuracy == trained.metrics.validationAccuracy : "${metrics.accuracy} vs ${trained.metrics.validationAccuracy}"
assert Math.abs(metrics.loss - trained.metrics.validationLoss) < 1e-3 : "${metrics.loss} vs ${trained.metrics.validationLoss}"

assert new File(directory, 'test-predictions.csv').readLines().size() == 201 : 'a line per test image'
def html = report.text
assert html.contains('<title>tiny-base-1.0-model.zip – evaluation report</title>') : 'titled by the archive'
assert html.contains('test accuracy</div>') : 'the headline names the test set'
assert html.contains('no training in this run') : 'says there was no training'
assert !html.contains('Learning curves') : 'no learning curves'
assert html.contains('FAILED: validationAccuracy is') : 'the report shows the gate'
assert !(html =~ /src="(https?|file):/) : 'self-contained'
assert !new File(basedir, 'target/transfer/metrics.json').exists() : "the training's report directory is left alone"
true
