# agentsh's start-up file for the interactive bash behind it (bash --rcfile this file).
#
# It reads the person's own start-up files first, as an interactive bash would (a login
# shell's profile, or /etc/bash.bashrc and ~/.bashrc, or the --rcfile given), with the terminal
# as their standard input. Then it installs agentsh's prompt hooks, last, and switches the
# shell's standard input to a private socket: from then on bash reads command lines only from
# agentsh, which checked each one, while every command gets the terminal as its standard input.
#
# The hooks (PROMPT_COMMAND's first and last elements) tell agentsh when bash is at its
# prompt, with the status and directory, then answer agentsh's requests (completion, history
# expansion) in this very shell until agentsh hands over the next line.

__agentsh_nonce=$__AGENTSH_NONCE
__agentsh_rpc=${__AGENTSH_FDS%% *}
__agentsh_tty=${__AGENTSH_FDS##* }
__agentsh_cmd=${__AGENTSH_FDS#* }
__agentsh_cmd=${__agentsh_cmd%% *}
__agentsh_mode=$__AGENTSH_MODE
__agentsh_end=$'\x01'end.$__agentsh_nonce  # ends each record agentsh reads
__agentsh_file=$__AGENTSH_FILE
if [[ -n ${__AGENTSH_ARGV0-} ]]; then
    BASH_ARGV0=$__AGENTSH_ARGV0
fi
case ${__AGENTSH_ENV-} in  # POSIX mode: agentsh stood in for $ENV
set:*) ENV=${__AGENTSH_ENV#set:} ;;
unset) unset ENV ;;
esac
unset __AGENTSH_NONCE __AGENTSH_FDS __AGENTSH_MODE __AGENTSH_FILE __AGENTSH_ARGV0 __AGENTSH_ENV

# ------------------------------------------------------------------ the person's own files

case $__agentsh_mode in
login)
    if [ -r /etc/profile ]; then . /etc/profile; fi
    if [ -r ~/.bash_profile ]; then . ~/.bash_profile
    elif [ -r ~/.bash_login ]; then . ~/.bash_login
    elif [ -r ~/.profile ]; then . ~/.profile
    fi ;;
login-noprofile) ;;
rc)
    if [ -r /etc/bash.bashrc ]; then . /etc/bash.bashrc; fi
    if [ -r ~/.bashrc ]; then . ~/.bashrc; fi ;;
rcfile)
    if [ -r "$__agentsh_file" ]; then . "$__agentsh_file"; fi ;;
posix)
    if [[ -n ${ENV-} && -r $ENV ]]; then . "$ENV"; fi ;;
esac

# ------------------------------------------------------------------ agentsh's hooks

__agentsh_id=0          # the prompt being served; agentsh's requests name it
__agentsh_status=0      # $? of the last line, kept by __agentsh_pre
__agentsh_pre_ran=
__agentsh_swapped=      # PS1/PS2 replaced while a line is read (see __agentsh_go)
__agentsh_ps1_sentinel=$'\e]6973;I;'"$__agentsh_nonce"$'\a'
__agentsh_ps2_sentinel='\[\]'
__agentsh_histexpand=
[[ $- == *H* ]] && __agentsh_histexpand=1
__agentsh_editing=emacs  # the person's editing mode, for agentsh's editor
__agentsh_pc_seen=$'\n'  # PROMPT_COMMAND as __agentsh_assert last left it (not yet)
# A line agentsh hands over starts with this (so history does not keep the wrapper: agentsh
# adds the line itself, with `history -s`, which applies HISTCONTROL and HISTIGNORE)
__agentsh_first_line='{ # agentsh'

# The first PROMPT_COMMAND element: the status of the line that ran, and the person's PS1/PS2
# back in place.
__agentsh_pre() {
    __agentsh_status=$?
    __agentsh_pre_ran=1
    if [[ -n $__agentsh_swapped ]]; then
        __agentsh_swapped=
        if [[ $PS1 == "$__agentsh_ps1_sentinel" ]]; then
            PS1=$__agentsh_ps1
        else  # a command changed PS1 (a virtualenv's activate prepends to it)
            PS1=${PS1//"$__agentsh_ps1_sentinel"/"$__agentsh_ps1"}
        fi
        if [[ $PS2 == "$__agentsh_ps2_sentinel" ]]; then
            PS2=$__agentsh_ps2
        else
            PS2=${PS2//"$__agentsh_ps2_sentinel"/"$__agentsh_ps2"}
        fi
    fi
    return "$__agentsh_status"
}

# The last PROMPT_COMMAND element: bash is at its prompt. Tell agentsh, then serve its requests
# until it hands over a line (or the end of input).
__agentsh_prompt() {
    local __agentsh_st=$? __agentsh_x=$-
    set +x
    if [[ -n $__agentsh_pre_ran ]]; then
        __agentsh_st=$__agentsh_status
    fi
    __agentsh_pre_ran=
    __agentsh_assert
    # agentsh edits the line and expands history itself: bash must read the line it is given
    # byte for byte, never through readline (whose key bindings could rewrite it)
    local __agentsh_reset=
    if [[ -o vi || -o emacs ]]; then  # a command switched line editing on
        __agentsh_editing=emacs
        [[ -o vi ]] && __agentsh_editing=vi
        __agentsh_reset=1
        __agentsh_plain_readline
        set +o emacs
        set +o vi
    fi
    [[ $- == *H* ]] && set +H
    (( __agentsh_id++ ))
    local __agentsh_ignoreeof=
    [[ -o ignoreeof ]] && __agentsh_ignoreeof=${IGNOREEOF:-10}
    # the shell's state a later line runs in, that agentsh checks each line against (red-team
    # s29: `hash -p ./x ls`, an exported BASH_ENV or a PATH set by one line ran in the next):
    # hashed names that are not the system's own program of that name, PATH, exported
    # BASH_ENV and ENV. No fork: BASH_CMDS is the hash table.
    local __agentsh_hashed= __agentsh_n __agentsh_p __agentsh_benv= __agentsh_env=
    for __agentsh_n in "${!BASH_CMDS[@]}"; do
        __agentsh_p=${BASH_CMDS[$__agentsh_n]}
        case $__agentsh_p in
        /usr/bin/"$__agentsh_n"|/bin/"$__agentsh_n"|/usr/sbin/"$__agentsh_n"|/sbin/"$__agentsh_n"|/usr/local/bin/"$__agentsh_n") ;;
        *) __agentsh_hashed+="builtin hash -p ${__agentsh_p@Q} ${__agentsh_n@Q}"$'\n' ;;
        esac
    done
    [[ ${BASH_ENV@a} == *x* ]] && __agentsh_benv=$BASH_ENV
    [[ ${ENV@a} == *x* ]] && __agentsh_env=$ENV
    builtin printf '%s\0' ready "$__agentsh_id" "$__agentsh_st" "$PWD" "$__agentsh_editing" \
        "$__agentsh_histexpand" "$__agentsh_ignoreeof" "${COMP_WORDBREAKS-}" "$__agentsh_reset" \
        "$__agentsh_hashed" "${PATH-}" "$__agentsh_benv" "$__agentsh_env" \
        "$__agentsh_end" >&"$__agentsh_rpc"
    builtin printf '\e]6973;R;%s;%s\a' "$__agentsh_nonce" "$__agentsh_id" >&"$__agentsh_tty"
    local __agentsh_req __agentsh_verb __agentsh_n __agentsh_a __agentsh_rc
    local -a __agentsh_args
    while :; do
        IFS= builtin read -r -d '' -u "$__agentsh_rpc" __agentsh_req
        __agentsh_rc=$?
        if (( __agentsh_rc > 128 )) && [[ -n ${TMOUT-} ]]; then
            builtin echo "timed out waiting for input: auto-logout" >&2
            builtin exit "$__agentsh_st"
        fi
        (( __agentsh_rc == 0 )) || break
        IFS= builtin read -r -d '' -u "$__agentsh_rpc" __agentsh_verb || break
        IFS= builtin read -r -d '' -u "$__agentsh_rpc" __agentsh_n || break
        __agentsh_args=()
        while (( ${#__agentsh_args[@]} < __agentsh_n )); do
            IFS= builtin read -r -d '' -u "$__agentsh_rpc" __agentsh_a || break 2
            __agentsh_args+=("$__agentsh_a")
        done
        [[ $__agentsh_req == "$__agentsh_id" ]] || continue  # a request for an earlier prompt
        case $__agentsh_verb in
        spec) __agentsh_spec "${__agentsh_args[@]}" ;;
        run) __agentsh_run "${__agentsh_args[@]}" ;;
        expand)
            local __agentsh_out
            if __agentsh_out=$(builtin history -p -- "${__agentsh_args[0]}" 2>&1); then
                builtin printf '%s\0' ok "$__agentsh_out" "$__agentsh_end" >&"$__agentsh_rpc"
            else
                builtin printf '%s\0' error "$__agentsh_out" "$__agentsh_end" >&"$__agentsh_rpc"
            fi ;;
        go)
            # args: the line for history (empty: none). bash's prompts print nothing while it
            # reads agentsh's wrapper; they are back in place for the command (__agentsh_pre).
            if [[ -n ${__agentsh_args[0]} && -o history ]]; then
                builtin history -s -- "${__agentsh_args[0]}"
            fi
            __agentsh_ps1=$PS1 __agentsh_ps2=$PS2
            PS1=$__agentsh_ps1_sentinel PS2=$__agentsh_ps2_sentinel
            __agentsh_swapped=1
            break ;;
        esac
    done
    [[ $__agentsh_x == *x* ]] && set -x
    return "$__agentsh_st"
}

# Keep the hooks first and last in PROMPT_COMMAND (an rc file or a command may have changed it)
# and the wrapper's first line out of history. Preferences agentsh applies itself are noted.
__agentsh_assert() {
    [[ $- == *H* ]] && __agentsh_histexpand=1
    case ":${HISTIGNORE-}:" in
    *":$__agentsh_first_line:"*) ;;
    *) HISTIGNORE=${HISTIGNORE:+$HISTIGNORE:}$__agentsh_first_line ;;
    esac
    [[ "${PROMPT_COMMAND[*]}" == "$__agentsh_pc_seen" ]] && return  # unchanged since last time
    if (( BASH_VERSINFO[0] > 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] >= 1) )); then
        local -a __agentsh_pc=()
        local __agentsh_e
        for __agentsh_e in "${PROMPT_COMMAND[@]}"; do
            [[ $__agentsh_e == __agentsh_pre || $__agentsh_e == __agentsh_prompt ]] && continue
            __agentsh_pc+=("$__agentsh_e")
        done
        PROMPT_COMMAND=(__agentsh_pre "${__agentsh_pc[@]}" __agentsh_prompt)
    else
        local __agentsh_s=${PROMPT_COMMAND-}
        __agentsh_s=${__agentsh_s#__agentsh_pre$'\n'}
        __agentsh_s=${__agentsh_s%$'\n'__agentsh_prompt}
        PROMPT_COMMAND=__agentsh_pre$'\n'$__agentsh_s$'\n'__agentsh_prompt
    fi
    __agentsh_pc_seen=${PROMPT_COMMAND[*]}
}

# A repair agentsh sends when the hooks did not run (a command replaced PROMPT_COMMAND), or when
# a command switched line editing on: put the hooks back and bash's reader back to reading its
# input as it comes (only a line run at the top level can; PROMPT_COMMAND cannot), keeping $?
# and $_ (the last argument of this call is the old $_).
__agentsh_install() {
    __agentsh_assert
    set +o emacs
    set +o vi
    return "$1"
}

# Readline reads bash's next line (a command switched line editing on, and only a line run at
# the top level switches it off again): until then, no key agentsh sends may do anything but
# insert itself. Every macro and shell-command binding goes, printable keys insert themselves,
# newline accepts the line.
__agentsh_plain_readline() {
    local __agentsh_map __agentsh_line __agentsh_k __agentsh_c
    for __agentsh_map in emacs-standard emacs-meta emacs-ctlx vi-insert vi-command; do
        while IFS= read -r __agentsh_line; do
            __agentsh_k=${__agentsh_line%%\": \"*}
            builtin bind -m "$__agentsh_map" -r "${__agentsh_k#\"}" 2>/dev/null
        done < <(builtin bind -m "$__agentsh_map" -s 2>/dev/null
                 builtin bind -m "$__agentsh_map" -X 2>/dev/null)
    done
    builtin bind 'set editing-mode emacs' 2>/dev/null
    builtin bind 'set disable-completion on' 2>/dev/null
    for __agentsh_c in {32..126}; do
        builtin printf -v __agentsh_k '\\%03o' "$__agentsh_c"
        builtin bind -m emacs-standard "\"$__agentsh_k\": self-insert" 2>/dev/null
    done
    builtin bind -m emacs-standard '"\C-j": accept-line' 2>/dev/null
    builtin bind -m emacs-standard '"\C-m": accept-line' 2>/dev/null
}

# ------------------------------------------------------------------ completion
#
# bash's own programmable completion, run here in the live shell, driven by agentsh (which
# splits the line into COMP_WORDS, reads the compspec and checks any code in it first):
#   spec WORD        the compspec `complete -p` shows for WORD (its basename, else `-D`'s)
#   run LINE POINT CWORD FUNC COMMAND N WORD... GENERATOR-ARGS...
#                    COMPREPLY from FUNC, compgen with the generator args, and the output of
#                    COMMAND (a -C compspec), with COMP_* set as readline sets them
# Replies: status ("ok", or "retry" when the function loaded a completion on demand and asked
# for another try with status 124), the options `compopt` set, then the candidates.

__agentsh_spec() {
    local __agentsh_s
    __agentsh_s=$(builtin complete -p -- "$1" 2>/dev/null) ||
        __agentsh_s=$(builtin complete -p -- "${1##*/}" 2>/dev/null) ||
        __agentsh_s=$(builtin complete -p -D 2>/dev/null) || __agentsh_s=
    builtin printf '%s\0' ok "$__agentsh_s" "$__agentsh_end" >&"$__agentsh_rpc"
}

__agentsh_run() {
    local COMP_LINE=$1 COMP_POINT=$2 COMP_CWORD=$3 __agentsh_func=$4 __agentsh_command=$5
    local -a COMP_WORDS=("${@:7:$6}")
    shift $(( 6 + $6 ))
    local COMP_TYPE=9 COMP_KEY=9 COMPREPLY=() __agentsh_opts=' ' __agentsh_st=0
    local cur=${COMP_WORDS[COMP_CWORD]-} prev=${COMP_WORDS[COMP_CWORD-1]-}
    local -a __agentsh_out=()
    if (( $# )); then
        mapfile -t __agentsh_out < <(builtin compgen "$@" -- "$cur" 2>/dev/null)
    fi
    if [[ -n $__agentsh_func ]]; then
        local __agentsh_had=
        declare -F compopt >/dev/null && __agentsh_had=1
        if [[ -z $__agentsh_had ]]; then
            # outside readline's completion bash's own compopt has nothing to change: record
            compopt() {
                while (( $# )); do
                    case $1 in
                    -o) __agentsh_opts+="$2 "; shift ;;
                    +o) __agentsh_opts=${__agentsh_opts// $2 / }; shift ;;
                    esac
                    shift
                done
                return 0
            }
        fi
        "$__agentsh_func" "${COMP_WORDS[0]}" "$cur" "$prev"
        __agentsh_st=$?
        [[ -z $__agentsh_had ]] && unset -f compopt
        if (( __agentsh_st == 124 )); then
            builtin printf '%s\0' retry "" 0 "$__agentsh_end" >&"$__agentsh_rpc"
            return
        fi
        __agentsh_out+=("${COMPREPLY[@]}")
    fi
    if [[ -n $__agentsh_command ]]; then
        mapfile -t -O "${#__agentsh_out[@]}" __agentsh_out < <(
            export COMP_LINE COMP_POINT
            eval "$__agentsh_command"' "${COMP_WORDS[0]}" "$cur" "$prev"' 2>/dev/null)
    fi
    builtin printf '%s\0' ok "$__agentsh_opts" "${#__agentsh_out[@]}" "${__agentsh_out[@]}" \
        "$__agentsh_end" >&"$__agentsh_rpc"
}

# bash refuses to suspend a login shell; this one is a login shell bash was not told about
if [[ $__agentsh_mode == login* ]]; then
    suspend() {
        if [[ $1 != -f ]]; then
            builtin echo "${0#-}: suspend: cannot suspend a login shell" >&2
            return 1
        fi
        builtin suspend "$@"
    }
fi

readonly -f __agentsh_pre __agentsh_prompt __agentsh_assert __agentsh_install \
    __agentsh_plain_readline __agentsh_spec __agentsh_run 2>/dev/null
__agentsh_assert
# The person's files may have switched line editing on (`set -o vi`): agentsh's editor takes the
# mode, and bash reads its lines as they come.
[[ -o vi ]] && __agentsh_editing=vi
set +o emacs
set +o vi
# From here bash reads its command lines from agentsh only.
exec 0<&"$__agentsh_cmd" {__agentsh_cmd}<&-
