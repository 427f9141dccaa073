import io.github.transferml.transfer.HostileModels
import java.util.function.UnaryOperator

// Two hostile copies of the tiny base: its jar's class writes marker.txt as soon as it is loaded.
def base = new File(localRepositoryPath, 'it/transfer/tiny-base/1.0/tiny-base-1.0-model.zip').toPath()
def marker = new File(basedir, 'marker.txt').toPath()
def jar = HostileModels.markerJar(marker, new File(basedir, 'target/compile').toPath())
def own = 'blockFactory=io.github.transferml.transfer.runtime.TransferBlockFactory'
HostileModels.rewrite(base, new File(basedir, 'named-factory-model.zip').toPath(), ['evil.jar': jar],
        { text -> text.replace(own, 'blockFactory=' + HostileModels.CLASS_NAME) } as UnaryOperator)
HostileModels.rewrite(base, new File(basedir, 'present-jar-model.zip').toPath(), ['evil.jar': jar],
        { text -> text } as UnaryOperator)
true
