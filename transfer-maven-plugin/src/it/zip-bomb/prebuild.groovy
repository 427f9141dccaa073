import io.github.transferml.transfer.ZipBombs

// About 4 MB on disk; its one entry expands to 4 GiB of zeros.
def size = 4L << 30
ZipBombs.zerosZip(new File(basedir, 'zeros-model.zip').toPath(), 'model-0000.params', size, size)
true
