"""Times leidenalg on the fuzzy neighbour graph LeidenBench exported (--export DIR), for the ratio Descry / leidenalg.
igraph 0.10.2 and leidenalg 0.9.1 from Debian (python3-igraph, python3-leidenalg); run with Debian's python3:
    /usr/bin/python3 descry-bench/leiden_bench.py DIR [descry_labels.npy]
Reads DIR/indptr.npy, indices.npy, data.npy (a symmetric CSR), builds the undirected weighted igraph graph of its
upper triangle and times la.find_partition(g, la.RBConfigurationVertexPartition, weights, resolution_parameter=1,
seed=0) (n_iterations=2, leidenalg's default). Prints seconds, process CPU seconds, modularity (quality / 2m),
the community count and peak RSS; with Descry's labels, their modularity as leidenalg computes it and the ARI
between the two partitions.
"""
import resource, sys, time
import numpy as np
import igraph as ig
import leidenalg as la

d = sys.argv[1]
indptr = np.load(f'{d}/indptr.npy').ravel()
indices = np.load(f'{d}/indices.npy').ravel()
data = np.load(f'{d}/data.npy').ravel()
n = len(indptr) - 1
t = time.time()
rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
keep = rows < indices
edges = np.column_stack([rows[keep], indices[keep]])
weights = data[keep].tolist()
g = ig.Graph(n=n, edges=edges.tolist())
two_m = 2 * sum(weights)
print(f'igraph graph: {n} nodes, {g.ecount()} edges, built in {time.time() - t:.1f} s')

w0, c0 = time.time(), time.process_time()
p = la.find_partition(g, la.RBConfigurationVertexPartition, weights=weights, resolution_parameter=1.0, seed=0)
wall, cpu = time.time() - w0, time.process_time() - c0
q = p.quality() / two_m
print(f'leidenalg find_partition at resolution 1   {wall:8.2f} s  (cpu {cpu:.2f} s)  modularity {q:.6f}, '
      f'{len(p)} communities; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6:.2f} GB')
print(f'RESULT step=leidenalg_single seconds={wall:.4f} modularity={q:.6f} communities={len(p)}')
if len(sys.argv) > 2:
    from sklearn.metrics import adjusted_rand_score
    mine = np.load(sys.argv[2]).ravel()
    qd = la.RBConfigurationVertexPartition(g, initial_membership=mine.tolist(), weights=weights,
                                           resolution_parameter=1.0).quality() / two_m
    print(f'Descry labels: modularity {qd:.6f} as leidenalg computes it, {mine.max() + 1} communities, '
          f'ARI to leidenalg {adjusted_rand_score(mine, p.membership):.4f}; '
          f'Descry / leidenalg modularity {qd / q:.4f}')
