package io.github.transferml.transfer.cluster;

import io.github.transferml.transfer.cache.FeatureCache;
import java.io.IOException;
import java.util.List;

/**
 * Where a build lists, reads and runs the frozen part of the base over image folders that outgrow
 * one machine: a Spark cluster ({@code <spark>}). The rest of the build sees only this interface, so
 * Spark's classes load only when a build asks for them ({@link Clusters}).
 */
public interface Cluster extends AutoCloseable {

    /**
     * One image folder of the data set.
     *
     * @param role how its files are named in the dataset digest, e.g. {@code train/}
     * @param parameter the POM element that gives it, for messages
     * @param location where the cluster reads it, as a URI, e.g. {@code hdfs://nn:8020/photos/train}
     */
    record Folder(String role, String parameter, String location) {}

    /**
     * What lies directly in a folder.
     *
     * @param classFolders the names of its sub-folders but hidden ones, sorted as on a local disk
     * @param looseImages how many image files lie beside them
     */
    record Contents(List<String> classFolders, int looseImages) {}

    /**
     * An image file found inside a class folder.
     *
     * @param role its folder's role
     * @param id its path relative to its folder, {@code class/file.png}, as a local build names it
     * @param location where the cluster reads it
     * @param sha256 the SHA-256 of its bytes, computed where it was read
     */
    record ListedFile(String role, String id, String location, String sha256) {}

    /** @return e.g. {@code Spark 4.2.0, master local[2]}, for the log */
    String describe();

    /**
     * Lists a folder's class folders.
     *
     * @param folder the folder
     * @return what lies in it
     * @throws io.github.transferml.transfer.data.DatasetException if it does not exist or is not a folder
     */
    Contents contents(Folder folder);

    /**
     * Lists every image file directly inside the class folders of some folders, hashing each where
     * it is read (on the executors).
     *
     * @param folders the folders
     * @param classFolders the class folders to look in, by folder role
     * @return the files, in no particular order
     */
    List<ListedFile> list(List<Folder> folders, java.util.Map<String, List<String>> classFolders);

    /**
     * Reads one file on this machine, for the few passes that run here (fine-tuning, a baseline, the
     * test set).
     *
     * @param location where it is
     * @return its bytes
     * @throws IOException if it cannot be read
     */
    byte[] read(String location) throws IOException;

    /**
     * Runs a frozen prefix over images on the executors and fills caches laid out exactly as a local
     * pass lays them out ({@link io.github.transferml.transfer.cache.FeatureExtractor}).
     *
     * @param pass what to compute
     * @return one cache per output of the prefix, which the caller closes
     */
    List<FeatureCache> extract(ClusterPass pass);

    /** Stops the cluster's session. */
    @Override
    void close();
}
