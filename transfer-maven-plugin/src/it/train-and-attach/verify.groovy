import groovy.json.JsonSlurper
import java.security.MessageDigest
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def archive = new File(basedir, 'target/digits-1.0-model.zip')
assert archive.isFile() : 'failed: archive.isFile()'

// Progress: one line per epoch, the cache, a closing summary.
(1..30).each { assert log.contains("Epoch ${it}/30: train loss") }
assert log =~ /Caching features of training data: 300\/300 images \(100%\)/ : 'failed: log =~ /Caching features of training data: 300\\/300 images \\(100%\\)/'
assert log.contains('the frozen base will not run again') : 'failed: log.contains(\'the frozen base will not run again\')'
assert log =~ /Trained digits-1\.0-model\.zip: validation accuracy 0\.\d{4}/ : 'failed: log =~ /Trained digits-1\\.0-model\\.zip: validation accuracy 0\\.\\d{4}/'

// The base came through Maven's resolver; its SHA-256 is logged and recorded.
def baseZip = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip')
def baseSha = MessageDigest.getInstance('SHA-256').digest(baseZip.bytes).encodeHex().toString()
assert log.contains("(SHA-256 ${baseSha})") : 'failed: log.contains("(SHA-256 ${baseSha})")'

// The archive is a DJL model directory: parameters, serving.properties, synset, factory jar, manifest.
def zip = new ZipFile(archive)
assert zip.entries().collect { it.name } == ['model-0000.params', 'serving.properties', 'synset.txt',
        'transfer-runtime.jar', 'transfer.json'] : 'archive entries, sorted'
def serving = new Properties()
serving.load(zip.getInputStream(zip.getEntry('serving.properties')))
assert serving.engine == 'PyTorch' : 'failed: serving.engine == \'PyTorch\''
assert serving.blockFactory == 'io.github.transferml.transfer.runtime.TransferBlockFactory' : 'failed: serving.blockFactory == \'io.github.transferml.transfer.runtime.TransferBlockFactory\''
assert serving.translatorFactory == 'ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory' : 'failed: serving.translatorFactory == \'ai.djl.modality.cv.translator.ImageClassificationTranslatorFactory\''
assert serving.width == '28' && serving.height == '28' && serving.flag == 'GRAYSCALE' : 'failed: serving.width == \'28\' && serving.height == \'28\' && serving.flag == \'GRAYSCALE\''
assert zip.getInputStream(zip.getEntry('synset.txt')).text == (0..9).join('\n') + '\n' : 'failed: zip.getInputStream(zip.getEntry(\'synset.txt\')).text == (0..9).join(\'\\n\') + \'\\n\''
def manifest = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('transfer.json')))
assert manifest.baseModel.sha256 == baseSha : 'failed: manifest.baseModel.sha256 == baseSha'
assert manifest.baseModel.location == 'it.transfer:tiny-base:1.0' : 'failed: manifest.baseModel.location == \'it.transfer:tiny-base:1.0\''
assert manifest.cutPoint.keptBlocks == 12 && manifest.cutPoint.keep == '12' : 'failed: manifest.cutPoint.keptBlocks == 12'
assert manifest.training.frozen == true : 'failed: manifest.training.frozen == true'
assert manifest.dataset.sha256 ==~ /[0-9a-f]{64}/ : 'failed: manifest.dataset.sha256 ==~ /[0-9a-f]{64}/'
assert manifest.engine.djl == '0.36.0' : 'failed: manifest.engine.djl == \'0.36.0\''
zip.close()

def metrics = new JsonSlurper().parse(new File(basedir, 'target/transfer/metrics.json'))
assert metrics.validationAccuracy > 0.3 : "features of the tiny base should beat chance (0.1) clearly, got ${metrics.validationAccuracy}"
assert metrics.epochs.size() == 30 : 'failed: metrics.epochs.size() == 30'
assert metrics.trainSeconds > 0 : 'failed: metrics.trainSeconds > 0'

// Attached with classifier 'model', so install published it.
def installed = new File(localRepositoryPath, 'it/transfer/digits/1.0/digits-1.0-model.zip')
assert installed.isFile() && installed.bytes == archive.bytes : 'failed: installed.isFile() && installed.bytes == archive.bytes'
assert new File(basedir, 'build.log').text.contains('Maven is offline, so DJL runs offline too: nothing will be downloaded.') : 'offline build'
true
