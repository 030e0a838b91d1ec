#pragma once
// The full model file and checkpoints (".wvm"): a native file (native_format.hpp) whose vocabulary,
// metadata and matrix are the word vectors as they stand, so every reader of vectors reads it as
// such, followed by what continuing the training needs, in chunks the vector readers skip:
//   PARAM (5): u32 name length, name, u64 rows, u64 cols, rows * cols float32 (one per matrix)
//   LOOP  (6): u32 epoch, u32 reserved, u64 next block, u64 units done, u64 epochs,
//              then per epoch f64 loss sum, u64 loss terms
//   TAGS  (7): Doc2Vec only: u64 count, then per document row u32 length, the tag's bytes
// The metadata holds what the run was made of (options, corpus fingerprint) under "train." keys,
// so a resumed run can be refused when it differs.
#include <filesystem>
#include <map>
#include <string>

#include "wordvec/embeddings/embeddings.hpp"
#include "wordvec/train/train_state.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// What a full model file holds.
struct CheckpointFile {
  Embeddings vectors;  ///< vocabulary (with counts), metadata, word vectors
  TrainState state;    ///< parameters and loop state (state.vectors is left empty: see `vectors`)
};

/// Writes `state` (its word vectors over `vocab`, its parameters, its loop) with `metadata`, atomically.
void write_checkpoint(const std::filesystem::path& path, const Vocab& vocab,
                      const std::map<std::string, std::string>& metadata, const TrainState& state);

/// Reads a full model file; throws IoError, or FormatError when it holds no training state or is corrupt.
CheckpointFile read_checkpoint(const std::filesystem::path& path);

}  // namespace wordvec
