;; Byte scanning in WebAssembly SIMD, 16 bytes per step instead of one: the pre-filter
;; every chunk of every file goes through, and the line count chunked readers carry.
;;
;; It answers, for bytes already in this module's memory, exactly what the portable
;; TypeScript in byte-prefilter.ts answers (`hasPlainCandidate` and `longBase64Runs`);
;; test/core/simd-kernel.test.ts holds the two to each other on generated input.
;;
;; A template: packages/core/build/assemble-kernel.mjs fills each `{{…}}` slot from the one
;; table of the kernel's memory layout, verdict flags and limits
;; (packages/core/build/kernel-table.mjs), which simd-kernel.ts reads too, then assembles
;; the module (wabt) at build time. simd-kernel.ts writes the tables once, from the grammar.
(module
  ;; Sized by simd-kernel.ts; where everything sits in it is kernel-table.mjs's.
  (import "kernel" "memory" (memory 1))

  (func $isBase64 (param $b i32) (result i32)
    (i32.and
      (i32.load8_u offset={{BASE64_LOW_NIBBLES}} (i32.and (local.get $b) (i32.const 15)))
      (i32.load8_u offset={{BASE64_HIGH_NIBBLES}} (i32.shr_u (local.get $b) (i32.const 4)))))

  ;; [0-9A-Fa-f]
  (func $isHex (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))

  ;; Bytes s+1 and s+2 are known to be `k` and `_`/`-`. A candidate when byte s is `s` or
  ;; `r` and a token may start there: the grammar's boundaries, loosened as in
  ;; byte-prefilter.ts's isPlainCandidateAt (a non-word byte, or a `\n`, `\r`, `\t`,
  ;; `\0`, `%XX`, `=XX`, `\xXX`, `\uXXXX` escape, escaped backslashes not told apart).
  ;; A quoted-printable soft break (`=\n`, `=\r\n`) may split the prefix: a line feed at
  ;; s may end one (`s=\r\nk_`: the letter before the break is looked at instead); a `k`
  ;; at s (the block's `k=` test) may stand before one (`sk=\r\n_`: then the `_` or `-`
  ;; after it is checked, within the len bytes, and the letter before the `k`).
  (func $plainAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (local $at i32) (local $c i32) (local $before i32)
    (local.set $at (i32.add (local.get $p) (local.get $s)))
    (local.set $c (i32.load8_u (local.get $at)))
    (if (i32.eq (local.get $c) (i32.const 0x6b)) (then
      (if (i32.eqz (local.get $s)) (then (return (i32.const 0))))
      (if (i32.ge_u (i32.add (local.get $s) (i32.const 3)) (local.get $len)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u offset=1 (local.get $at)) (i32.const 0x3d)) (then (return (i32.const 0))))
      (local.set $before (i32.add (local.get $s) (i32.const 2)))
      (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $before))) (i32.const 0x0d))
        (then (local.set $before (i32.add (local.get $before) (i32.const 1)))))
      (if (i32.ge_u (i32.add (local.get $before) (i32.const 1)) (local.get $len)) (then (return (i32.const 0))))
      (if (i32.ne (i32.load8_u (i32.add (local.get $p) (local.get $before))) (i32.const 0x0a)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $before))))
      (if (i32.and (i32.ne (local.get $c) (i32.const 0x5f)) (i32.ne (local.get $c) (i32.const 0x2d))) (then (return (i32.const 0))))
      (return (call $plainAt (local.get $p) (i32.sub (local.get $s) (i32.const 1)) (local.get $len)))))
    (if (i32.eq (local.get $c) (i32.const 0x0a)) (then
      (if (i32.lt_u (local.get $s) (i32.const 2)) (then (return (i32.const 0))))
      (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))
      (if (i32.eq (local.get $before) (i32.const 0x0d)) (then
        (if (i32.lt_u (local.get $s) (i32.const 3)) (then (return (i32.const 0))))
        (local.set $s (i32.sub (local.get $s) (i32.const 1)))
        (local.set $at (i32.sub (local.get $at) (i32.const 1)))
        (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))))
      (if (i32.ne (local.get $before) (i32.const 0x3d)) (then (return (i32.const 0))))
      (return (call $plainAt (local.get $p) (i32.sub (local.get $s) (i32.const 2)) (local.get $len)))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x73)) (i32.ne (local.get $c) (i32.const 0x72)))
      (then (return (i32.const 0))))
    (if (i32.eqz (local.get $s)) (then (return (i32.const 1))))
    (local.set $before (i32.load8_u (i32.sub (local.get $at) (i32.const 1))))
    (if (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $before)))
      (then (return (i32.const 1))))
    (if (i32.ge_u (local.get $s) (i32.const 2)) (then
      (if (i32.and
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 2))) (i32.const 0x5c))
            (i32.or
              (i32.or (i32.eq (local.get $before) (i32.const 0x6e)) (i32.eq (local.get $before) (i32.const 0x72)))
              (i32.or (i32.eq (local.get $before) (i32.const 0x74)) (i32.eq (local.get $before) (i32.const 0x30)))))
        (then (return (i32.const 1))))))
    (if (i32.eqz (call $isHex (local.get $before))) (then (return (i32.const 0))))
    ;; An `=XX` a soft break splits (`=3=\r\nDsk_`, `==\r\n3Dsk_`): one ends two or three back.
    (if (i32.ge_u (local.get $s) (i32.const 3)) (then
      (if (i32.or
            (call $softBreakEndsAt (i32.sub (local.get $at) (i32.const 2)) (i32.sub (local.get $s) (i32.const 2)))
            (call $softBreakEndsAt (i32.sub (local.get $at) (i32.const 3)) (i32.sub (local.get $s) (i32.const 3))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 3)) (then
      (if (i32.and
            (i32.or
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x25))
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x3d)))
            (call $isHex (i32.load8_u (i32.sub (local.get $at) (i32.const 2)))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 4)) (then
      (if (i32.and
            (i32.and
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 4))) (i32.const 0x5c))
              (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 3))) (i32.const 0x78)))
            (call $isHex (i32.load8_u (i32.sub (local.get $at) (i32.const 2)))))
        (then (return (i32.const 1))))))
    (if (i32.ge_u (local.get $s) (i32.const 6)) (then
      (if (i32.and
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 6))) (i32.const 0x5c))
            (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 5))) (i32.const 0x75)))
        (then (return (i32.const 1))))))
    (i32.const 0))

  ;; Whether a quoted-printable soft break (`=\n`, `=\r\n`) ends with the line feed at
  ;; absolute address at, which is byte s of the bytes scanned.
  (func $softBreakEndsAt (param $at i32) (param $s i32) (result i32)
    (if (i32.lt_s (local.get $s) (i32.const 1)) (then (return (i32.const 0))))
    (if (i32.ne (i32.load8_u (local.get $at)) (i32.const 0x0a)) (then (return (i32.const 0))))
    (if (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 1))) (i32.const 0x3d)) (then (return (i32.const 1))))
    (if (i32.lt_s (local.get $s) (i32.const 2)) (then (return (i32.const 0))))
    (i32.and
      (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 1))) (i32.const 0x0d))
      (i32.eq (i32.load8_u (i32.sub (local.get $at) (i32.const 2))) (i32.const 0x3d))))

  ;; A candidate at s in a binary's bytes: `sk_`, `sk-`, `rk_` or `rk-`. It needs no
  ;; boundary before it (a length or type byte that reads as a letter often stands right
  ;; before a string: SQLite records, MessagePack, protobuf), but random bytes hold `sk_`
  ;; about once in 4 MiB, so it needs what no random bytes hold: MIN_BINARY_TAIL token
  ;; characters ([A-Za-z0-9_-]) after the prefix, or the end of the bytes before them.
  ;; Glued to a word byte, where text would see no boundary, it needs a random body
  ;; (find-keys.ts's `randomGluedBody`).
  (func $binaryAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (local $c i32) (local $at i32) (local $end i32)
    (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $s))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x73)) (i32.ne (local.get $c) (i32.const 0x72)))
      (then (return (i32.const 0))))
    ;; Only `sk_`, `sk-`, `rk_`, `rk-` whole: a quoted-printable soft break is text's, not a binary's.
    (if (i32.ne (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $s))) (i32.const 0x6b))
      (then (return (i32.const 0))))
    (local.set $c (i32.load8_u offset=2 (i32.add (local.get $p) (local.get $s))))
    (if (i32.and (i32.ne (local.get $c) (i32.const 0x5f)) (i32.ne (local.get $c) (i32.const 0x2d)))
      (then (return (i32.const 0))))
    (if (i32.eqz (call $plainAt (local.get $p) (local.get $s) (local.get $len)))
      (then (return (call $randomBody (local.get $p) (i32.add (local.get $s) (i32.const 3)) (local.get $len)))))
    (local.set $at (i32.add (local.get $s) (i32.const 3)))
    (local.set $end (i32.add (local.get $at) (i32.const {{MIN_BINARY_TAIL}})))
    (block $short
      (loop $tail
        (br_if $short (i32.ge_u (local.get $at) (local.get $len)))
        (if (i32.ge_u (local.get $at) (local.get $end)) (then (return (i32.const 1))))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $at))))
        (if (i32.and
              (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $c)))
              (i32.ne (local.get $c) (i32.const 0x2d)))
          (then (return (i32.const 0))))
        (local.set $at (i32.add (local.get $at) (i32.const 1)))
        (br $tail)))
    ;; The bytes end inside the tail: the rest may follow in the next chunk.
    (i32.const 1))

  ;; Whether a run of GLUED_BODY_MIN to GLUED_BODY_MAX letters and digits starts at p + at,
  ;; with a digit, two capitals and two small letters in it (or the bytes end before
  ;; it does): find-keys.ts's `randomGluedBody`, which says why.
  (func $randomBody (param $p i32) (param $at i32) (param $len i32) (result i32)
    (local $i i32) (local $c i32) (local $digits i32) (local $upper i32) (local $lower i32)
    (local.set $i (local.get $at))
    (block $ended
      (loop $body
        (if (i32.ge_u (local.get $i) (local.get $len)) (then (return (i32.const 1))))
        (local.set $c (i32.load8_u (i32.add (local.get $p) (local.get $i))))
        (br_if $ended (i32.or
          (i32.eqz (i32.load8_u offset={{WORD_CLASS}} (local.get $c)))
          (i32.eq (local.get $c) (i32.const 0x5f))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
          (then (local.set $digits (i32.add (local.get $digits) (i32.const 1)))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x41)) (i32.const 26))
          (then (local.set $upper (i32.add (local.get $upper) (i32.const 1)))))
        (if (i32.lt_u (i32.sub (local.get $c) (i32.const 0x61)) (i32.const 26))
          (then (local.set $lower (i32.add (local.get $lower) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $ended (i32.gt_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MAX}})))
        (br $body)))
    (i32.and
      (i32.and
        (i32.ge_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MIN}}))
        (i32.le_u (i32.sub (local.get $i) (local.get $at)) (i32.const {{GLUED_BODY_MAX}})))
      (i32.and
        (i32.ge_u (local.get $digits) (i32.const 1))
        (i32.and (i32.ge_u (local.get $upper) (i32.const 2)) (i32.ge_u (local.get $lower) (i32.const 2))))))

  ;; A plain candidate at p + s, as `scan`'s mode reads the bytes.
  (func $candidateAt (param $p i32) (param $s i32) (param $len i32) (param $mode i32) (result i32)
    (if (result i32) (i32.and (local.get $mode) (i32.const {{MODE_BINARY}}))
      (then (call $binaryAt (local.get $p) (local.get $s) (local.get $len)))
      (else (call $plainAt (local.get $p) (local.get $s) (local.get $len)))))

  ;; Whether the absolute range [s, e) holds one of the signatures. Runs this long are
  ;; rare outside base64 data, so plain byte-by-byte code is enough here; the pair test
  ;; keeps a run of one signature's first letter (`cccc…`) from trying every signature at
  ;; every byte. Signatures are at least two bytes long (simd-kernel.ts checks).
  (func $hasSignature (param $s i32) (param $e i32) (result i32)
    (local $n i32) (local $k i32) (local $sig i32) (local $len i32) (local $j i32)
    (local.set $n (i32.load (i32.const {{SIGNATURE_COUNT}})))
    (block $done
      (loop $position
        (br_if $done (i32.ge_u (i32.add (local.get $s) (i32.const 1)) (local.get $e)))
        (if (i32.and
              (i32.and (i32.load8_u offset={{SIGNATURE_LETTERS}} (i32.load8_u (local.get $s))) (i32.const 1))
              (i32.shr_u (i32.load8_u offset={{SIGNATURE_LETTERS}} (i32.load8_u offset=1 (local.get $s))) (i32.const 1))) (then
          (local.set $k (i32.const 0))
          (block $noMore (loop $signatures
            (br_if $noMore (i32.ge_u (local.get $k) (local.get $n)))
            (local.set $sig (i32.add (i32.const {{SIGNATURES}}) (i32.mul (local.get $k) (i32.const {{SIGNATURE_STRIDE}}))))
            (local.set $len (i32.load8_u (local.get $sig)))
            (if (i32.le_u (i32.add (local.get $s) (local.get $len)) (local.get $e)) (then
              (local.set $j (i32.const 0))
              (block $differs (loop $compare
                (if (i32.ge_u (local.get $j) (local.get $len)) (then (return (i32.const 1))))
                (br_if $differs (i32.ne
                  (i32.load8_u (i32.add (local.get $s) (local.get $j)))
                  (i32.load8_u offset=1 (i32.add (local.get $sig) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $compare)))))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $signatures)))))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $position)))
    (i32.const 0))

  ;; Whether `.dockerc` (of `.dockerconfigjson`, `.dockercfg`) starts at p + s, as one
  ;; little-endian i64 compare.
  (func $dockerAt (param $p i32) (param $s i32) (param $len i32) (result i32)
    (if (i32.gt_u (i32.add (local.get $s) (i32.const 8)) (local.get $len)) (then (return (i32.const 0))))
    (i64.eq (i64.load (i32.add (local.get $p) (local.get $s))) (i64.const 0x6372656b636f642e)))

  ;; A maximal base64 run [start, end) of the len bytes at p just ended: its flags. A run
  ;; with a signature is listed, so that only it is decoded; past the list's room,
  ;; RUNS_OVERFLOW says the list is incomplete. LINE_END_RUN when it is as long as a
  ;; wrapped line and a line break follows it, or the backslash of an escaped one (`\n`
  ;; in a JSON string): only then may a signature lie across a break, which
  ;; byte-prefilter.ts then looks for.
  (func $runFlags (param $p i32) (param $start i32) (param $end i32) (param $len i32) (param $flags i32) (result i32)
    (local $count i32) (local $slot i32) (local $after i32)
    (if (i32.lt_s (i32.sub (local.get $end) (local.get $start)) (i32.const {{MIN_RUN_LENGTH}})) (then (return (local.get $flags))))
    (local.set $flags (i32.or (local.get $flags) (i32.const {{LONG_RUN}})))
    (if (i32.and
          (i32.ge_s (i32.sub (local.get $end) (local.get $start)) (i32.const {{WRAPPED_LINE_LENGTH}}))
          (i32.lt_u (local.get $end) (local.get $len))) (then
      (local.set $after (i32.load8_u (i32.add (local.get $p) (local.get $end))))
      (if (i32.or
            (i32.or (i32.eq (local.get $after) (i32.const 0x0a)) (i32.eq (local.get $after) (i32.const 0x0d)))
            (i32.eq (local.get $after) (i32.const 0x5c)))
        (then (local.set $flags (i32.or (local.get $flags) (i32.const {{LINE_END_RUN}})))))))
    (if (i32.and (local.get $flags) (i32.const {{RUNS_OVERFLOW}})) (then (return (local.get $flags))))
    (if (i32.eqz (call $hasSignature (i32.add (local.get $p) (local.get $start)) (i32.add (local.get $p) (local.get $end))))
      (then (return (local.get $flags))))
    (local.set $count (i32.load (i32.const {{SIGNED_RUN_COUNT}})))
    (if (i32.ge_u (local.get $count) (i32.const {{MAX_SIGNED_RUNS}}))
      (then (return (i32.or (local.get $flags) (i32.or (i32.const {{SIGNED_RUN}}) (i32.const {{RUNS_OVERFLOW}}))))))
    ;; Two i32 a run: 8 bytes.
    (local.set $slot (i32.add (i32.const {{SIGNED_RUNS}}) (i32.shl (local.get $count) (i32.const 3))))
    (i32.store (local.get $slot) (local.get $start))
    (i32.store offset=4 (local.get $slot) (local.get $end))
    (i32.store (i32.const {{SIGNED_RUN_COUNT}}) (i32.add (local.get $count) (i32.const 1)))
    (i32.or (local.get $flags) (i32.const {{SIGNED_RUN}})))

  ;; Where the run of base64 bytes that ends a 16-byte block (bitmask $m) starts.
  (func $runStartBefore (param $i i32) (param $m i32) (result i32)
    (i32.sub (local.get $i)
      (i32.sub (i32.clz (i32.and (i32.xor (local.get $m) (i32.const -1)) (i32.const 0xffff))) (i32.const 16))))

  ;; The pre-filter over len bytes at p. $mode: MODE_FULL, MODE_BINARY (see $binaryAt).
  ;; Flags: PLAIN if a plain candidate turns up (unless MODE_FULL, nothing more is looked for then, and PLAIN alone is returned); LONG_RUN if some
  ;; run of >= MIN_RUN_LENGTH base64 bytes exists, SIGNED_RUN if such a run holds a
  ;; signature (listed at SIGNED_RUNS), RUNS_OVERFLOW if more did than the list holds,
  ;; LINE_END_RUN if a run of >= WRAPPED_LINE_LENGTH ends at a line break, DOCKER_CONFIG
  ;; if `.dockerc` stands somewhere; 0 when none of these.
  ;;
  ;; A run of >= 36 bytes always covers a whole aligned 16-byte block (any 31 do), so runs
  ;; are only followed from such a block: a block that is all base64 opens one (its start
  ;; read off the previous block's mask), the first block that is not closes it.
  (func (export "scan") (param $p i32) (param $len i32) (param $mode i32) (result i32)
    (local $i i32) (local $v v128) (local $m i32) (local $previous i32) (local $runStart i32)
    (local $flags i32) (local $candidates i32) (local $next v128) (local $after v128)
    (local $low v128) (local $high v128) (local $plain v128) (local $dot v128)
    (local.set $low (v128.load (i32.const {{BASE64_LOW_NIBBLES}})))
    (local.set $high (v128.load (i32.const {{BASE64_HIGH_NIBBLES}})))
    (local.set $runStart (i32.const -1))
    (i32.store (i32.const {{SIGNED_RUN_COUNT}}) (i32.const 0))
    (block $blocksDone
      (loop $block
        ;; A block also reads the two bytes after it (the `k_` test).
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 18)) (local.get $len)))
        (local.set $v (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $m (i8x16.bitmask (i8x16.ne
          (v128.and
            (i8x16.swizzle (local.get $low) (v128.and (local.get $v) (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15)))
            (i8x16.swizzle (local.get $high) (i8x16.shr_u (local.get $v) (i32.const 4))))
          (v128.const i64x2 0 0))))
        (local.set $next (v128.load offset=1 (i32.add (local.get $p) (local.get $i))))
        (local.set $after (v128.load offset=2 (i32.add (local.get $p) (local.get $i))))
        (local.set $plain (v128.or
          (v128.and
            (i8x16.eq (local.get $next)
              (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
            (v128.or
              (i8x16.eq (local.get $after) (v128.const i8x16 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f 0x5f))
              (i8x16.eq (local.get $after) (v128.const i8x16 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d 0x2d))))
          ;; `k=` and a line break: a quoted-printable soft break after a prefix's `k` (`sk=\r\n_`).
          (v128.and
            (v128.and
              (i8x16.eq (local.get $v) (v128.const i8x16 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b 0x6b))
              (i8x16.eq (local.get $next) (v128.const i8x16 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d 0x3d)))
            (v128.or
              (i8x16.eq (local.get $after) (v128.const i8x16 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a 0x0a))
              (i8x16.eq (local.get $after) (v128.const i8x16 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d 0x0d))))))
        ;; `.d`, the start of `.dockerc`.
        (local.set $dot (v128.and
          (i8x16.eq (local.get $v) (v128.const i8x16 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e 0x2e))
          (i8x16.eq (local.get $next) (v128.const i8x16 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64 0x64))))
        ;; Nearly every block has neither: one test for both keeps it to one branch.
        (if (v128.any_true (v128.or (local.get $plain) (local.get $dot))) (then
          (local.set $candidates (i8x16.bitmask (local.get $plain)))
          (block $checked (loop $candidate
            (br_if $checked (i32.or (i32.eqz (local.get $candidates)) (i32.and (local.get $flags) (i32.const {{PLAIN}}))))
            (if (call $candidateAt (local.get $p) (i32.add (local.get $i) (i32.ctz (local.get $candidates))) (local.get $len) (local.get $mode)) (then
              (if (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))) (then (return (i32.const {{PLAIN}}))))
              (local.set $flags (i32.or (local.get $flags) (i32.const {{PLAIN}})))))
            (local.set $candidates (i32.and (local.get $candidates) (i32.sub (local.get $candidates) (i32.const 1))))
            (br $candidate)))
          ;; Then the whole `.dockerc`; once found, no more looking.
          (if (i32.eqz (i32.and (local.get $flags) (i32.const {{DOCKER_CONFIG}}))) (then
            (local.set $candidates (i8x16.bitmask (local.get $dot)))
            (block $noDocker (loop $dots
              (br_if $noDocker (i32.eqz (local.get $candidates)))
              (if (call $dockerAt (local.get $p) (i32.add (local.get $i) (i32.ctz (local.get $candidates))) (local.get $len)) (then
                (local.set $flags (i32.or (local.get $flags) (i32.const {{DOCKER_CONFIG}})))
                (br $noDocker)))
              (local.set $candidates (i32.and (local.get $candidates) (i32.sub (local.get $candidates) (i32.const 1))))
              (br $dots)))))))
        (if (i32.eq (local.get $m) (i32.const 0xffff))
          (then
            (if (i32.lt_s (local.get $runStart) (i32.const 0))
              (then (local.set $runStart (call $runStartBefore (local.get $i) (local.get $previous))))))
          (else
            (if (i32.ge_s (local.get $runStart) (i32.const 0)) (then
              (local.set $flags (call $runFlags (local.get $p) (local.get $runStart)
                (i32.add (local.get $i) (i32.ctz (i32.xor (local.get $m) (i32.const -1))))
                (local.get $len) (local.get $flags)))
              (local.set $runStart (i32.const -1))))))
        (local.set $previous (local.get $m))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $block)))

    ;; The last few bytes, one at a time; here every run is followed.
    (if (i32.lt_s (local.get $runStart) (i32.const 0))
      (then (local.set $runStart (call $runStartBefore (local.get $i) (local.get $previous)))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.and
              (i32.eqz (i32.and (local.get $flags) (i32.const {{PLAIN}})))
              (i32.lt_u (i32.add (local.get $i) (i32.const 2)) (local.get $len))) (then
          (if (i32.or
                (i32.and
                  (i32.eq (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $i))) (i32.const 0x6b))
                  (i32.or
                    (i32.eq (i32.load8_u offset=2 (i32.add (local.get $p) (local.get $i))) (i32.const 0x5f))
                    (i32.eq (i32.load8_u offset=2 (i32.add (local.get $p) (local.get $i))) (i32.const 0x2d))))
                (i32.and
                  (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0x6b))
                  (i32.eq (i32.load8_u offset=1 (i32.add (local.get $p) (local.get $i))) (i32.const 0x3d))))
            (then (if (call $candidateAt (local.get $p) (local.get $i) (local.get $len) (local.get $mode)) (then
              (if (i32.eqz (i32.and (local.get $mode) (i32.const {{MODE_FULL}}))) (then (return (i32.const {{PLAIN}}))))
              (local.set $flags (i32.or (local.get $flags) (i32.const {{PLAIN}})))))))))
        (if (call $dockerAt (local.get $p) (local.get $i) (local.get $len))
          (then (local.set $flags (i32.or (local.get $flags) (i32.const {{DOCKER_CONFIG}})))))
        (if (i32.eqz (call $isBase64 (i32.load8_u (i32.add (local.get $p) (local.get $i))))) (then
          (local.set $flags (call $runFlags (local.get $p) (local.get $runStart) (local.get $i) (local.get $len) (local.get $flags)))
          (local.set $runStart (i32.add (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (call $runFlags (local.get $p) (local.get $runStart) (local.get $len) (local.get $len) (local.get $flags)))

  ;; How many line feeds the len bytes at p hold: chunked readers carry line numbers
  ;; from one chunk to the next without decoding the chunk.
  (func (export "countLineFeeds") (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $count i32) (local $sums v128) (local $steps i32)
    (block $blocksDone
      (loop $outer
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        ;; Per-lane byte counters, emptied every 255 blocks before they can overflow.
        (local.set $sums (v128.const i64x2 0 0))
        (local.set $steps (i32.const 0))
        (block $full
          (loop $inner
            (br_if $full (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
            (br_if $full (i32.eq (local.get $steps) (i32.const 255)))
            (local.set $sums (i8x16.sub (local.get $sums)
              (i8x16.eq (v128.load (i32.add (local.get $p) (local.get $i)))
                (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $inner)))
        (local.set $count (i32.add (local.get $count) (call $laneSum (local.get $sums))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 10))
          (then (local.set $count (i32.add (local.get $count) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (local.get $count))

  ;; UTF-16 code units the len bytes of UTF-8 at p decode to: one per character, two for
  ;; a four-byte one, so bytes minus continuation bytes plus four-byte lead bytes. Exact
  ;; for valid UTF-8 (position.ts measures a long line with it, not by decoding it).
  (func (export "utf16Width") (param $p i32) (param $len i32) (result i32)
    (local $i i32) (local $continuations i32) (local $fourByte i32) (local $v v128)
    (local $sumC v128) (local $sumF v128) (local $steps i32)
    (block $blocksDone
      (loop $outer
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
        ;; Per-lane byte counters, emptied every 255 blocks before they can overflow.
        (local.set $sumC (v128.const i64x2 0 0))
        (local.set $sumF (v128.const i64x2 0 0))
        (local.set $steps (i32.const 0))
        (block $full
          (loop $inner
            (br_if $full (i32.gt_u (i32.add (local.get $i) (i32.const 16)) (local.get $len)))
            (br_if $full (i32.eq (local.get $steps) (i32.const 255)))
            (local.set $v (v128.load (i32.add (local.get $p) (local.get $i))))
            (local.set $sumC (i8x16.sub (local.get $sumC)
              (i8x16.eq (v128.and (local.get $v) (v128.const i8x16 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0 0xc0))
                (v128.const i8x16 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80 0x80))))
            (local.set $sumF (i8x16.sub (local.get $sumF)
              (i8x16.ge_u (local.get $v) (v128.const i8x16 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0 0xf0))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $inner)))
        (local.set $continuations (i32.add (local.get $continuations) (call $laneSum (local.get $sumC))))
        (local.set $fourByte (i32.add (local.get $fourByte) (call $laneSum (local.get $sumF))))
        (br $outer)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.eq (i32.and (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0xc0)) (i32.const 0x80))
          (then (local.set $continuations (i32.add (local.get $continuations) (i32.const 1)))))
        (if (i32.ge_u (i32.load8_u (i32.add (local.get $p) (local.get $i))) (i32.const 0xf0))
          (then (local.set $fourByte (i32.add (local.get $fourByte) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail)))
    (i32.add (i32.sub (local.get $len) (local.get $continuations)) (local.get $fourByte)))

  ;; The sum of a vector's sixteen byte lanes (each at most 255).
  (func $laneSum (param $sums v128) (result i32)
    (local.set $sums (i32x4.extadd_pairwise_i16x8_u (i16x8.extadd_pairwise_i8x16_u (local.get $sums))))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $sums)) (i32x4.extract_lane 1 (local.get $sums)))
      (i32.add (i32x4.extract_lane 2 (local.get $sums)) (i32x4.extract_lane 3 (local.get $sums)))))
)
