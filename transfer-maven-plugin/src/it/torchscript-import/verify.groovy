import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
assert log =~ /Base model: path .*tiny-resnet-basic\.pt, imported 72 tensors into torchvision's ResNet layout \(basic blocks, 2\/1\/1\/1 units\); its outputs equal the module's/ : 'the import and its proof are logged'

def zip = new ZipFile(new File(basedir, 'target/torchscript-digits-1.0-model.zip'))
def serving = new Properties()
serving.load(zip.getInputStream(zip.getEntry('serving.properties')))
assert serving.recipe.startsWith('tvresnet(block=basic,channels=3,stem=8,stages=2x8x8/1x16x16/1x32x32/1x64x64,classes=10) > keep(7/1) > ') : serving.recipe
assert serving.flag == 'COLOR' : 'grey digits are fed to the RGB network as colour images: ' + serving.flag
def manifest = new JsonSlurper().parse(zip.getInputStream(zip.getEntry('transfer.json')))
assert manifest.cutPoint.keep == '7/1' : manifest.cutPoint
assert !zip.entries().collect { it.name }.any { it.endsWith('.pt') } : 'the TorchScript file is not needed at inference'
true
