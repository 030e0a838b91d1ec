#pragma once
// The corpus and vocabulary steps of a job split over the ranks of a cluster.
#include <string>

#include "wordvec/core/cluster.hpp"
#include "wordvec/core/progress.hpp"
#include "wordvec/corpus/corpus.hpp"
#include "wordvec/vocab/vocab.hpp"

namespace wordvec {

/// Opens this rank's part of the corpus. When `input` contains "{rank}", every rank reads the whole
/// file named with its rank there (a corpus already split into files, one per rank, in corpus order);
/// otherwise every rank opens the same file and keeps its byte range (Corpus::restrict). Throws
/// IoError / DataError as Corpus::open does (a missing file fails on the rank that lacks it).
Corpus open_rank_corpus(const std::string& input, Cluster& cluster, const CancellationToken& cancel = {});

/// Counts the vocabulary of a corpus split over the ranks of `cluster`: each rank counts its part,
/// the counts go to every rank, and each merges them in rank (corpus) order and cuts the vocabulary,
/// so every rank holds the one a single process would have counted on the whole corpus. With
/// InvalidUtf8::Skip or Replace each rank repairs its own part (see count_words_repairing).
Vocab build_vocab(Corpus& part, const VocabOptions& options, Cluster& cluster, VocabStats* stats = nullptr,
                  const ProgressCallback& progress = {});

}  // namespace wordvec
