// Filters derived from a weight tensor (phase-split, reversed and transposed) kept while that tensor lives (issue 12):
// a derived filter is then built once per weight, not per call, and XNNPACK keeps its packed copy of it (its operator
// cache is keyed by the filter tensor) instead of repacking every call. Generation reuses G's weights on every call;
// a training step reuses D's filters in its four input-gradient passes.
type Info = { dataId: object; shape: number[]; dtype: string }

const cache = new Map<object, Map<string, Info[]>>()

/** Dispose the derived filters of weight tensors that no longer exist on this backend. */
function sweep(b: any): void {
  for (const [id, byKey] of cache) {
    if (b.dataIdMap.has(id)) continue
    for (const fs of byKey.values()) for (const f of fs) b.disposeData(f.dataId)
    cache.delete(id)
  }
}

/** The filters `make` derives from w for `key`, made on the first call and kept until w is disposed. */
export function derivedFilters(b: any, w: Info, key: string, make: () => Info[]): Info[] {
  sweep(b)
  let byKey = cache.get(w.dataId)
  if (!byKey) cache.set(w.dataId, (byKey = new Map()))
  let fs = byKey.get(key)
  if (!fs) byKey.set(key, (fs = make()))
  return fs
}

/** Dispose every derived filter (when the backend is replaced, and for tests that count tensors). */
export function clearDerivedFilters(b: any): void {
  for (const byKey of cache.values())
    for (const fs of byKey.values()) for (const f of fs) b.disposeData(f.dataId)
  cache.clear()
}

/** Derived filters held now (for tests). */
export function derivedFilterCount(): number {
  let n = 0
  for (const byKey of cache.values()) for (const fs of byKey.values()) n += fs.length
  return n
}
